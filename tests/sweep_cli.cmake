# sweep and merge from the command line: bad grids exit 2 with a clear message; --emit-jobs writes
# one runnable command per point; running those and merging gives the sweep's results; merge names
# a file whose header differs.
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -DWORK=<dir> -P sweep_cli.cmake
file(REMOVE_RECURSE ${WORK})
set(S ${SRC}/scenarios/default.json)

function(expect_exit2 expected)
  execute_process(COMMAND ${PIPAR} ${ARGN} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  string(FIND "${err}" "${expected}" pos)
  if(NOT rc EQUAL 2 OR pos EQUAL -1)
    message(FATAL_ERROR "expected exit 2 and '${expected}' from '${ARGN}', got exit ${rc}:\n${err}")
  endif()
  message(STATUS "ok: ${err}")
endfunction()

expect_exit2("bad values \"1:64:x1\"" sweep ${S} --grid devices.count=1:64:x1 --out ${WORK}/bad)
expect_exit2("expected key.path=values" sweep ${S} --grid devices.count --out ${WORK}/bad)
expect_exit2("unknown scheduler \"nope\"; valid: fl" sweep ${S} --grid devices.count=1 --schedulers fl,nope
             --out ${WORK}/bad)
expect_exit2("/devices/uplink_mbps: expected a number in (0, 1e+06] Mbps, got -1" sweep ${S}
             --grid devices.uplink_mbps=5,-1 --out ${WORK}/bad)
expect_exit2("/devices/colour: unknown field" sweep ${S} --grid devices.colour=1 --out ${WORK}/bad)
if(EXISTS ${WORK}/bad/runs.csv)
  message(FATAL_ERROR "a rejected sweep wrote runs.csv")
endif()

# The jobs file must not be where the jobs (or their merge) write: the --out folder, a path above
# it, its points folder or anything in it, its runs.csv. Each is refused and nothing is written.
file(MAKE_DIRECTORY ${WORK}/real)
file(CREATE_LINK ${WORK}/real ${WORK}/link SYMBOLIC)
foreach(pair "ej|ej|is the --out folder" "ej/|ej|is the --out folder" "link|real|is the --out folder"
             "ej/sub|ej|lies above --out" "ej|ej/points|lies in --out's points folder"
             "ej|ej/./points/p1/jobs.txt|lies in --out's points folder" "ej|ej/runs.csv|is --out's runs.csv")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 out)
  list(GET pair 1 jobs)
  list(GET pair 2 why)
  expect_exit2("--emit-jobs: \"${WORK}/${jobs}\" ${why}" sweep ${S} --grid devices.count=1,2 --schedulers fl
               --out ${WORK}/${out} --emit-jobs ${WORK}/${jobs})
  if(EXISTS ${WORK}/ej OR EXISTS ${WORK}/real/points)
    message(FATAL_ERROR "a refused --emit-jobs ${WORK}/${jobs} (--out ${WORK}/${out}) wrote something")
  endif()
endforeach()

# --emit-jobs: run each line through sh, merge, compare with the sweep itself. Each emitted line is
# a `pipar-sim run`, so this also checks that a sweep resolves "auto" (P, N) as `run` does.
function(jobs_match_sweep name)
  set(GRID ${ARGN})
  execute_process(COMMAND ${PIPAR} sweep ${S} ${GRID} --out ${WORK}/${name} --emit-jobs ${WORK}/${name}.txt
                  RESULT_VARIABLE rc)
  file(STRINGS ${WORK}/${name}.txt jobs)
  list(LENGTH jobs n)
  if(NOT rc EQUAL 0 OR NOT n EQUAL 4)
    message(FATAL_ERROR "--emit-jobs: exit ${rc}, ${n} lines (expected 4)")
  endif()
  foreach(j IN LISTS jobs)
    execute_process(COMMAND sh -c "${j}" RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "job failed (${rc}): ${j}")
    endif()
  endforeach()
  file(GLOB points ${WORK}/${name}/points/p*)
  execute_process(COMMAND ${PIPAR} merge ${points} --out ${WORK}/${name}-merged.csv RESULT_VARIABLE rc)
  file(STRINGS ${WORK}/${name}-merged.csv merged)
  list(LENGTH merged n)
  if(NOT rc EQUAL 0 OR NOT n EQUAL 5)
    message(FATAL_ERROR "merge: exit ${rc}, ${n} lines (expected header + 4 rows)")
  endif()
  execute_process(COMMAND ${PIPAR} sweep ${S} ${GRID} --out ${WORK}/${name}-sweep --quiet RESULT_VARIABLE rc)
  # The jobs carry the sweep's point and grid.* columns: the merged file is the sweep's runs.csv,
  # header, rows and their order.
  file(READ ${WORK}/${name}-merged.csv merged_text)
  file(READ ${WORK}/${name}-sweep/runs.csv swept_text)
  if(NOT merged_text STREQUAL swept_text)
    message(FATAL_ERROR "${name}: the merged jobs differ from the sweep's runs.csv:\n${merged_text}\nvs\n${swept_text}")
  endif()
  file(STRINGS ${WORK}/${name}-sweep/runs.csv swept)
  set(swept_rows "${swept}" PARENT_SCOPE)
endfunction()

jobs_match_sweep(jobs --grid devices.count=1,2 --schedulers fl,pipar --set devices.uplink_mbps=20)
# A grid over a field that no runs.csv column shows: only the point and grid.* columns tell its rows apart.
jobs_match_sweep(cores --grid server.cores=1,4 --schedulers fl,pipar --set devices.count=2)
list(FILTER swept_rows INCLUDE REGEX "^server.cores=4;scheduler=pipar,4,")
if(NOT swept_rows)
  message(FATAL_ERROR "the server.cores sweep has no row with point server.cores=4 and grid.server.cores 4")
endif()
# Auto (P, N): PiPar's rows must carry the selector's choice, not the placeholder P = 1, N = 1.
jobs_match_sweep(auto --grid devices.count=1,2 --schedulers fl,pipar --set devices.uplink_mbps=20
                 --set split.split_point=auto --set split.micro_batches=auto)
list(FILTER swept_rows INCLUDE REGEX ",pipar,vgg5,cifar10,[0-9]+,1,1,")
if(swept_rows)
  message(FATAL_ERROR "auto sweep kept the placeholder P = 1, N = 1:\n${swept_rows}")
endif()

execute_process(COMMAND ${PIPAR} run ${S} --set devices.count=1 --schedulers fl --out ${WORK}/plain OUTPUT_QUIET)
expect_exit2("plain/runs.csv: header differs from" merge ${WORK}/jobs/points/p1 ${WORK}/plain --out ${WORK}/bad.csv)
# merge refuses a point given twice, and a row whose width differs from the header's.
expect_exit2("repeats point devices.count=1;scheduler=fl of" merge ${WORK}/jobs/points/p1 ${WORK}/jobs/points/p1
             --out ${WORK}/bad.csv)
file(READ ${WORK}/jobs/points/p1/runs.csv p1)
string(REGEX REPLACE ",([^,\n]*)\n$" "\n" p1_short "${p1}")
file(WRITE ${WORK}/short.csv "${p1_short}")
expect_exit2("line 2 has" merge ${WORK}/short.csv --out ${WORK}/bad.csv)
if(EXISTS ${WORK}/bad.csv)
  message(FATAL_ERROR "a refused merge wrote its output")
endif()
message(STATUS "emit-jobs + merge reproduce the sweep's rows")
