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
