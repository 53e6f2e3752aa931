// The scenario format as data (scenario/fields.cpp) against the reader: the same keys in every
// object, the same numeric ranges; the committed scenarios/schema.json is what the table generates;
// every shipped scenario validates against it (a small JSON Schema validator for the keywords the
// schema uses, written here).
#include "scenario/fields.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

using namespace pipar;
using json = nlohmann::json;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Validates `v` against `s` (keywords: type, enum, const, minimum, exclusiveMinimum, maximum,
/// properties, additionalProperties: false, required, items, prefixItems, minItems, maxItems, oneOf,
/// anyOf, allOf, not, $ref to #/$defs/; types incl. null). Appends what fails to `errors`.
class Validator {
public:
  explicit Validator(const json& root) : root_(root) {}
  bool valid(const json& v, const json& s) const {
    std::vector<std::string> e;
    check(v, s, "", e);
    return e.empty();
  }
  void check(const json& v, const json& s, const std::string& at, std::vector<std::string>& errors) const {
    if (s.contains("$ref")) {
      const std::string ref = s["$ref"];
      check(v, root_["$defs"][ref.substr(std::string("#/$defs/").size())], at, errors);
    }
    const auto fail = [&](const std::string& what) { errors.push_back(at + ": " + what); };
    if (s.contains("type")) {
      const std::string t = s["type"];
      const bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) || (t == "null" && v.is_null()) ||
                      (t == "string" && v.is_string()) || (t == "boolean" && v.is_boolean()) ||
                      (t == "number" && v.is_number()) ||
                      (t == "integer" && v.is_number() && std::floor(v.get<double>()) == v.get<double>());
      if (!ok)
        return fail("not of type " + t);
    }
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
      fail("not in the enum");
    if (s.contains("const") && v != s["const"])
      fail("not the const");
    if (v.is_number()) {
      const double x = v.get<double>();
      if (s.contains("minimum") && x < s["minimum"].get<double>())
        fail("below minimum");
      if (s.contains("exclusiveMinimum") && x <= s["exclusiveMinimum"].get<double>())
        fail("not above exclusiveMinimum");
      if (s.contains("maximum") && x > s["maximum"].get<double>())
        fail("above maximum");
    }
    if (v.is_object()) {
      if (s.contains("required"))
        for (const auto& k : s["required"])
          if (!v.contains(k.get<std::string>()))
            fail("lacks " + k.get<std::string>());
      for (const auto& item : v.items()) {
        if (s.contains("properties") && s["properties"].contains(item.key()))
          check(item.value(), s["properties"][item.key()], at + "/" + item.key(), errors);
        else if (s.value("additionalProperties", true) == false)
          fail("unknown property " + item.key());
      }
    }
    if (v.is_array()) {
      if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>())
        fail("too few items");
      if (s.contains("maxItems") && v.size() > s["maxItems"].get<size_t>())
        fail("too many items");
      for (size_t i = 0; i < v.size(); ++i) {
        if (s.contains("prefixItems") && i < s["prefixItems"].size())
          check(v[i], s["prefixItems"][i], at + "/" + std::to_string(i), errors);
        else if (s.contains("items"))
          check(v[i], s["items"], at + "/" + std::to_string(i), errors);
      }
    }
    if (s.contains("allOf"))
      for (const auto& sub : s["allOf"])
        check(v, sub, at, errors);
    if (s.contains("anyOf")) {
      bool any = false;
      for (const auto& sub : s["anyOf"])
        any = any || valid(v, sub);
      if (!any)
        fail("matches none of anyOf");
    }
    if (s.contains("oneOf")) {
      int n = 0;
      for (const auto& sub : s["oneOf"])
        n += valid(v, sub);
      if (n != 1)
        fail("matches " + std::to_string(n) + " of oneOf");
    }
    if (s.contains("not") && valid(v, s["not"]))
      fail("matches not");
  }

private:
  const json& root_;
};

/// Where each object of the table sits in a scenario (base_scenario, or a platform one).
const std::map<std::string, std::string> kWhere = {
    {"", ""}, {"model", "/model"}, {"group", "/devices"}, {"server", "/server"}, {"training", "/training"},
    {"split", "/split"}, {"privacy", "/privacy"}, {"dp_sgd", "/privacy/dp_sgd"},
    {"activation_noise", "/privacy/activation_noise"}, {"platform", "/platform"}, {"availability", "/availability"},
    {"communication", "/communication"}, {"variability", "/variability"}};

json scenario_with_object(const std::string& object) {
  json j = test::base_scenario();
  j["privacy"] = {{"dp_sgd", json::object()}, {"activation_noise", json::object()}};
  if (object == "platform") {
    j["platform"] = {{"server", j["server"]}, {"fleet", {j["devices"]}}};
    j.erase("devices");
    j.erase("server");
  }
  return j;
}

/// The keys the reader accepts at `ptr`: from its error for an unknown key.
std::set<std::string> reader_keys(json j, const std::string& ptr) {
  j[json::json_pointer(ptr + "/zz_unknown")] = 1;
  const std::string e = test::error_of(j);
  const std::string mark = "valid fields here are: ";
  const auto at = e.find(mark);
  REQUIRE(at != std::string::npos);
  std::set<std::string> keys;
  std::stringstream list(e.substr(at + mark.size()));
  for (std::string k; std::getline(list, k, ',');)
    keys.insert(k.substr(k.find_first_not_of(' ')));
  return keys;
}

} // namespace

TEST_CASE("the field table has exactly the keys the reader accepts, object by object", "[scenario][schema]") {
  for (const auto& [object, ptr] : kWhere) {
    INFO("object \"" << object << "\" at " << ptr);
    const auto table = field_keys(object);
    std::set<std::string> expected(table.begin(), table.end());
    if (object.empty())
      expected.insert("$schema");
    CHECK(reader_keys(scenario_with_object(object), ptr) == expected);
  }
}

TEST_CASE("the field table's numeric ranges are the reader's", "[scenario][schema]") {
  int probed = 0;
  for (const auto& f : scenario_fields()) {
    if (!f.fixed_range)
      continue;
    const std::string ptr = kWhere.at(f.object) + "/" + f.key;
    INFO(ptr);
    const json& s = f.schema;
    const double hi = s["maximum"].get<double>();
    const bool open = s.contains("exclusiveMinimum");
    const double lo = open ? s["exclusiveMinimum"].get<double>() : s["minimum"].get<double>();
    const auto with = [&](double v) {
      json j = scenario_with_object(f.object);
      if (s["type"] == "integer")
        j[json::json_pointer(ptr)] = static_cast<long long>(v);
      else
        j[json::json_pointer(ptr)] = v;
      return test::error_of(j);
    };
    CHECK_THAT(with(hi * 2 + 1), Catch::Contains(ptr + ": expected"));
    CHECK_THAT(with(lo - 1), Catch::Contains(ptr + ": expected"));
    if (open)
      CHECK_THAT(with(lo), Catch::Contains(ptr + ": expected"));
    else
      CHECK_THAT(with(lo), !Catch::Contains(ptr + ": expected"));
    if (f.key != "count" && f.key != "seed") // a million devices would be built; seed's hi is 2^53 - 1
      CHECK_THAT(with(hi), !Catch::Contains(ptr + ": expected"));
    ++probed;
  }
  CHECK(probed >= 15);
}

TEST_CASE("scenarios/schema.json is what the field table generates", "[scenario][schema]") {
  const std::string committed = slurp(std::string(PIPAR_SOURCE_DIR) + "/scenarios/schema.json");
  INFO("regenerate it: ./build/pipar-sim check --schema > scenarios/schema.json");
  CHECK(committed == scenario_schema().dump(2) + "\n");
}

TEST_CASE("every shipped scenario validates against the schema; broken ones do not", "[scenario][schema]") {
  const json schema = scenario_schema();
  const Validator v(schema);
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PIPAR_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".json" || e.path().filename() == "schema.json")
      continue;
    const json j = json::parse(slurp(e.path().string()));
    std::vector<std::string> errors;
    v.check(j, schema, "", errors);
    INFO(e.path().string() << ": " << (errors.empty() ? "" : errors.front()));
    CHECK(errors.empty());
    ++n;
  }
  CHECK(n >= 9);
  // The validator and the schema catch what the reader refuses.
  json bad = test::base_scenario();
  CHECK(v.valid(bad, schema));
  bad["devices"]["uplink_mbps"] = 0;
  CHECK_FALSE(v.valid(bad, schema));
  bad = test::base_scenario();
  bad["training"]["colour"] = 1;
  CHECK_FALSE(v.valid(bad, schema));
  bad = test::base_scenario();
  bad.erase("server");
  CHECK_FALSE(v.valid(bad, schema));
  bad = test::base_scenario();
  bad["split"]["micro_batches"] = "many";
  CHECK_FALSE(v.valid(bad, schema));
}
