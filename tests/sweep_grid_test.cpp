// Sweep grids: value lists and ranges, bad specs, the order of the cartesian product, point ids.
#include "core/error.hpp"
#include "sweep/grid.hpp"

#include <catch2/catch.hpp>

using namespace pipar;
using namespace pipar::sweep;
using V = std::vector<std::string>;

TEST_CASE("sweep: value lists are taken as written") {
  CHECK(parse_values("1,2,4,8") == V{"1", "2", "4", "8"});
  CHECK(parse_values("vgg5") == V{"vgg5"});
  CHECK(parse_values("0.5,1e3") == V{"0.5", "1e3"});
  CHECK(parse_values(" 1, 2 ,\t4") == V{"1", "2", "4"}); // blanks around a value are not part of it
  CHECK_THROWS_AS(parse_values("1,1.0"), pipar::InputError); // the same number twice: the same run
  CHECK_THROWS_AS(parse_values("2,1:4:x2"), pipar::InputError);
  CHECK_THROWS_AS(parse_values("1, ,2"), pipar::InputError);
}

TEST_CASE("sweep: geometric ranges include the end when reached") {
  CHECK(parse_values("1:64:x2") == V{"1", "2", "4", "8", "16", "32", "64"});
  CHECK(parse_values("1:100:x2") == V{"1", "2", "4", "8", "16", "32", "64"});
  CHECK(parse_values("0.1:1000:x10") == V{"0.1", "1", "10", "100", "1000"});
  CHECK(parse_values("3:3:x2") == V{"3"});
}

TEST_CASE("sweep: arithmetic ranges include the end when reached") {
  CHECK(parse_values("1:100:+10") == V{"1", "11", "21", "31", "41", "51", "61", "71", "81", "91"});
  CHECK(parse_values("0:100:+25") == V{"0", "25", "50", "75", "100"});
  CHECK(parse_values("0.1:0.5:+0.1") == V{"0.1", "0.2", "0.3", "0.4", "0.5"});
}

TEST_CASE("sweep: lists and ranges mix") {
  CHECK(parse_values("1,2,5:20:x2") == V{"1", "2", "5", "10", "20"});
}

TEST_CASE("sweep: bad value specs are input errors") {
  for (const char* bad : {"", "1,,2", "1,", "1:64", "1:64:2", "1:64:x1", "1:64:x0.5", "1:64:+0", "1:64:+-1",
                          "64:1:x2", "a:64:x2", "0:64:x2", "1:2:3:4", "1,1", "1:4:x2,4", "a;b", "1:1e9:+1"})
    CHECK_THROWS_AS(parse_values(bad), InputError);
  CHECK_THROWS_WITH(parse_values("1:64:x1"), Catch::Contains("FACTOR must be greater than 1"));
}

TEST_CASE("sweep: axes need key=values") {
  const GridAxis a = parse_axis("devices.uplink_mbps=1:4:x2");
  CHECK(a.key == "devices.uplink_mbps");
  CHECK(a.values == V{"1", "2", "4"});
  for (const char* bad : {"devices.count", "=1,2", ".count=1", "devices..count=1", "devices.count=", "schedulers=fl"})
    CHECK_THROWS_AS(parse_axis(bad), InputError);
}

TEST_CASE("sweep: the cartesian product varies the first axis slowest and the scheduler fastest") {
  const std::vector<GridAxis> axes = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  const auto pts = expand(axes, {"fl", "pipar"});
  REQUIRE(pts.size() == 12);
  std::vector<std::string> ids;
  for (const auto& p : pts)
    ids.push_back(point_id(axes, p));
  CHECK(ids == V{"a=1;b=x;scheduler=fl", "a=1;b=x;scheduler=pipar", "a=1;b=y;scheduler=fl", "a=1;b=y;scheduler=pipar",
                 "a=1;b=z;scheduler=fl", "a=1;b=z;scheduler=pipar", "a=2;b=x;scheduler=fl", "a=2;b=x;scheduler=pipar",
                 "a=2;b=y;scheduler=fl", "a=2;b=y;scheduler=pipar", "a=2;b=z;scheduler=fl", "a=2;b=z;scheduler=pipar"});
  CHECK(point_sets(axes, pts[7]) == V{"a=2", "b=x"});
  CHECK(expand({}, {"fl"}).size() == 1);
}
