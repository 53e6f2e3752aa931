// Sweep output: header and row layout, resume (ids of rows present, partial tail), grid-order
// rewrite, merge header check, emitted job lines.
#include "core/error.hpp"
#include "sweep/jobs.hpp"
#include "sweep/merge.hpp"
#include "sweep/runs_file.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace pipar;
using namespace pipar::sweep;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("pipar-sweep-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("sweep: header and rows carry the point id and one column per axis") {
  const std::vector<GridAxis> axes = {{"devices.count", {"1", "2"}}};
  CHECK(sweep_header(axes, "scenario,scheduler\n") == "point,grid.devices.count,scenario,scheduler\n");
  CHECK(sweep_header(axes, "scenario,scheduler,new_column\n") == "point,grid.devices.count,scenario,scheduler,new_column\n");
  CHECK(row_prefix(axes, {{"2"}, "pipar"}) == "devices.count=2;scheduler=pipar,2,");
  CHECK(row_id("devices.count=2;scheduler=pipar,2,default,pipar\n") == "devices.count=2;scheduler=pipar");
}

TEST_CASE("sweep: resume sees the rows present and drops a partial last row") {
  const fs::path d = fresh_dir("resume");
  write(d / "runs.csv", "point,x\na=1;scheduler=fl,1\na=2;scheduler=fl,2\na=3;sched");
  const RunsFile f = read_runs_file((d / "runs.csv").string());
  CHECK(f.exists);
  CHECK(f.header == "point,x\n");
  REQUIRE(f.rows.size() == 2);
  CHECK(row_id(f.rows[1]) == "a=2;scheduler=fl");
  CHECK(f.partial_tail);
  CHECK_FALSE(read_runs_file((d / "none.csv").string()).exists);
}

TEST_CASE("sweep: resume drops the rows no finished run writes, naming their lines") {
  RunsFile f;
  f.header = "point,grid.x,makespan_s\n";
  f.rows = {"x=1;scheduler=fl,1,2.5\n", "x=2;scheduler=fl,x\n", "x=3;scheduler=fl,3,nan\n", "\n",
            "\"x=4,4,4\n", ",5,5\n", "x=6;scheduler=fl,6,-1\n", "x=7;scheduler=fl,7,\n", "x=8;scheduler=fl,8,0\n"};
  const std::vector<DamagedRow> d = drop_damaged_rows(f);
  CHECK(f.rows == std::vector<std::string>{"x=1;scheduler=fl,1,2.5\n", "x=8;scheduler=fl,8,0\n"});
  REQUIRE(d.size() == 7);
  CHECK(d[0].line == 3);
  CHECK(d[0].id == "x=2;scheduler=fl");
  CHECK(d[0].why == "2 fields, the header 3");
  CHECK(d[1].why == "makespan_s \"nan\" is not a finite number >= 0");
  CHECK(d[2].why == "1 fields, the header 3");
  CHECK(d[3].why == "unterminated quoted field");
  CHECK(d[4].why == "no point id");
  CHECK(d[5].why == "makespan_s \"-1\" is not a finite number >= 0");
  CHECK(d[6].line == 9);
}

TEST_CASE("sweep: appended rows follow the header, written once") {
  const fs::path d = fresh_dir("append");
  const std::string p = (d / "runs.csv").string();
  {
    RowAppender a(p, "point,x\n");
    a.append("b,2\n");
  }
  {
    RowAppender a(p, "point,x\n"); // exists: no second header
    a.append("a,1\n");
  }
  CHECK(slurp(p) == "point,x\nb,2\na,1\n");
}

TEST_CASE("sweep: the finished file is in grid order, other rows after, duplicates dropped") {
  RunsFile f;
  f.header = "point,x\n";
  f.rows = {"c,3\n", "old,9\n", "a,1\n", "b,2\n", "a,1\n"};
  CHECK(ordered_content(f, {"a", "b", "c", "d"}) == "point,x\na,1\nb,2\nc,3\nold,9\n");
}

TEST_CASE("sweep: merge concatenates files whose headers agree and names the one that differs") {
  const fs::path d = fresh_dir("merge");
  write(d / "p1" / "runs.csv", "h1,h2\n1,2\n");
  write(d / "p2" / "runs.csv", "h1,h2\n3,4\n5,6\n");
  write(d / "other.csv", "h1,h3\n7,8\n");
  CHECK(merge_runs({(d / "p1").string(), (d / "p2" / "runs.csv").string()}) == "h1,h2\n1,2\n3,4\n5,6\n");
  CHECK_THROWS_AS(merge_runs({(d / "p1").string(), (d / "other.csv").string()}), InputError);
  CHECK_THROWS_WITH(merge_runs({(d / "p1").string(), (d / "other.csv").string()}),
                    Catch::Contains("other.csv") && Catch::Contains("header differs"));
  CHECK_THROWS_WITH(merge_runs({(d / "p3").string()}), Catch::Contains("p3"));
  // A copy saved by a spreadsheet: a byte-order mark and "\r\n" lines; merged as "\n" lines.
  write(d / "excel.csv", "\xEF\xBB\xBFh1,h2\r\n7,8\r\n");
  CHECK(merge_runs({(d / "p1").string(), (d / "excel.csv").string()}) == "h1,h2\n1,2\n7,8\n");
  CHECK(merge_runs({(d / "excel.csv").string(), (d / "p1").string()}) == "h1,h2\n7,8\n1,2\n");
}

TEST_CASE("sweep: emitted jobs name --set files by absolute path, other values as typed") {
  const fs::path d = fresh_dir("jobs_files");
  write(d / "up.csv", "0,5\n");
  const fs::path was = fs::current_path();
  fs::current_path(d);
  CHECK(self_contained_set("devices.uplink_trace=up.csv") == "devices.uplink_trace=" + (d / "up.csv").string());
  CHECK(self_contained_set("platform.fleet.0.speed_trace=up.csv") ==
        "platform.fleet.0.speed_trace=" + (d / "up.csv").string());
  CHECK(self_contained_set("name=up.csv") == "name=up.csv");                           // not a file key
  CHECK(self_contained_set("devices.uplink_trace=none.csv") == "devices.uplink_trace=none.csv"); // no such file
  CHECK(self_contained_set("model.profile=/abs/p.json") == "model.profile=/abs/p.json");
  fs::current_path(was);
}

TEST_CASE("sweep: emitted jobs are one quoted run command per point") {
  CHECK(shell_quote("devices.count=4") == "devices.count=4");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(point_folder(0, 70) == "p01");
  CHECK(point_folder(69, 70) == "p70");
  const std::vector<GridAxis> axes = {{"devices.count", {"1", "2"}}};
  JobContext ctx{"/bin/pipar-sim", "/s/default.json", {"seed=3"}, {}, "/o"};
  CHECK(job_lines(ctx, axes, expand(axes, {"fl"})) ==
        "/bin/pipar-sim run /s/default.json --schedulers fl --set seed=3 --grid-point devices.count=1 --out /o/points/p1\n"
        "/bin/pipar-sim run /s/default.json --schedulers fl --set seed=3 --grid-point devices.count=2 --out /o/points/p2\n");
}
