// compare: rows matched by point (sweeps) or scenario/scheduler; differences and ratios by hand.
#include "core/error.hpp"
#include "output/compare.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("compare matches runs by scheduler and reports B - A and B / A", "[output][compare]") {
  const CsvTable a = parse_csv("scenario,scheduler,makespan_s,server_idle_s\nd,fl,100,80\nd,pipar,50,40\n", "a.csv");
  const CsvTable b = parse_csv("scenario,scheduler,makespan_s,server_idle_s\nd,pipar,60,10\nd,sl,7,7\n", "b.csv");
  const Comparison c = compare_tables(a, b);
  REQUIRE(c.pairs.size() == 1);
  CHECK(c.pairs[0].key == "pipar"); // each scheduler once per file: paired by scheduler
  REQUIRE(c.pairs[0].metrics.size() == 2);
  CHECK(c.pairs[0].metrics[0].column == "makespan_s");
  CHECK(c.pairs[0].metrics[0].a == 50);
  CHECK(c.pairs[0].metrics[0].b == 60);
  CHECK(c.only_a == std::vector<std::string>{"fl"});
  CHECK(c.only_b == std::vector<std::string>{"sl"});
  const std::string text = comparison_text(c, "a.csv", "b.csv");
  CHECK_THAT(text, Catch::Contains("makespan_s") && Catch::Contains("10") && Catch::Contains("1.2"));
  CHECK_THAT(text, Catch::Contains("0.25")); // server idle 40 -> 10
  CHECK_THAT(text, Catch::Contains("only in A: fl"));
  // A scheduler twice in a file (several scenarios): paired by scenario and scheduler.
  const CsvTable m = parse_csv("scenario,scheduler,makespan_s\nd,fl,1\ne,fl,2\n", "m.csv");
  const Comparison cm = compare_tables(m, m);
  REQUIRE(cm.pairs.size() == 2);
  CHECK(cm.pairs[1].key == "e/fl");
}

TEST_CASE("compare keys a sweep's rows by point, reads quoted fields and refuses a short row", "[output][compare]") {
  const CsvTable a = parse_csv("point,scheduler,makespan_s\n\"x=1,2;scheduler=fl\",fl,4\nx=3;scheduler=fl,fl,8\n", "a");
  const CsvTable b = parse_csv("point,scheduler,makespan_s\nx=3;scheduler=fl,fl,2\n", "b");
  const Comparison c = compare_tables(a, b);
  REQUIRE(c.pairs.size() == 1);
  CHECK(c.pairs[0].key == "x=3;scheduler=fl");
  CHECK(c.pairs[0].metrics[0].b / c.pairs[0].metrics[0].a == 0.25);
  CHECK(c.only_a == std::vector<std::string>{"x=1,2;scheduler=fl"});
  CHECK_THROWS_WITH(parse_csv("a,b\n1\n", "short.csv"), Catch::Contains("short.csv: line 2 has 1 fields, the header 2"));
}

TEST_CASE("compare prints no inf: n/a for B / A when A is 0, B - A beyond a double as a number", "[output][compare]") {
  const CsvTable a = parse_csv("scheduler,makespan_s,dropouts,same_zero,x,tiny\nfl,1,0,0,-1e308,1e-300\n", "a");
  const CsvTable b = parse_csv("scheduler,makespan_s,dropouts,same_zero,x,tiny\nfl,1,4,0,1e308,1e300\n", "b");
  const std::string text = comparison_text(compare_tables(a, b), "a", "b");
  CHECK_THAT(text, !Catch::Contains("inf"));
  // dropouts 0 -> 4: B - A is 4, B / A has no value.
  CHECK_THAT(text, Catch::Matches("(.|\n)*\ndropouts +0 +4 +4 +n/a  \\*\n(.|\n)*"));
  CHECK_THAT(text, Catch::Matches("(.|\n)*\nsame_zero +0 +0 +0 +1\n(.|\n)*")); // 0 -> 0: unchanged
  // -1e308 -> 1e308: B - A is 2e308 (beyond a double, not inf); B / A is -1.
  CHECK_THAT(text, Catch::Matches("(.|\n)*\nx +-1e\\+308 +1e\\+308 +2e\\+308 +-1  \\*\n(.|\n)*"));
  // 1e-300 -> 1e300: B / A is 1e600, neither inf nor 0.
  CHECK_THAT(text, Catch::Matches("(.|\n)*\ntiny +1e-300 +1e\\+300 +1e\\+300 +1e\\+600  \\*\n(.|\n)*"));
}
