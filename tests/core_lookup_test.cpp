// The lookup rule: beside the naming file, then its parent, then the working directory, then the
// data folders (the repository, for this test binary's build).
#include "core/lookup.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace pipar;
namespace fs = std::filesystem;

TEST_CASE("lookup: beside the naming file, then its parent, then the data folders", "[core][lookup]") {
  const fs::path root = fs::path(test::temp_path("lookup-" + std::to_string(::getpid())));
  fs::remove_all(root);
  fs::create_directories(root / "a" / "b");
  const std::string naming = (root / "a" / "b" / "s.json").string();
  std::ofstream(root / "a" / "b" / "f.txt") << "beside";
  std::ofstream(root / "a" / "f.txt") << "parent";
  const auto dirs = search_dirs(naming);
  CHECK(find_input("f.txt", dirs).lexically_normal() == (root / "a" / "b" / "f.txt").lexically_normal());
  fs::remove(root / "a" / "b" / "f.txt");
  CHECK(find_input("f.txt", dirs).lexically_normal() == (root / "a" / "f.txt").lexically_normal());
  // Nothing of the kind near the file: the repository's catalogue, through the data folders.
  const fs::path cat = find_input("platforms/device_classes.json", dirs);
  REQUIRE_FALSE(cat.empty());
  CHECK(fs::equivalent(cat, fs::path(PIPAR_SOURCE_DIR) / "platforms" / "device_classes.json"));
  // A predicate: a models folder must hold arch/.
  CHECK(find_input("a", {root}, [](const fs::path& p) { return fs::exists(p / "arch"); }).empty());
  CHECK(find_input("no-such-file", dirs).empty());
  const std::string text = searched_text(dirs);
  CHECK_THAT(text, Catch::StartsWith("looked in: " + (root / "a" / "b").string() + ", " + (root / "a").string()));
  fs::remove_all(root);
}
