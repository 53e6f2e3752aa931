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
  file(STRINGS ${WORK}/${name}-sweep/runs.csv swept)
  foreach(i 1 2 3 4)
    list(GET merged ${i} a)
    list(GET swept ${i} b)
    string(FIND "${b}" ",${a}" pos) # the sweep's row = point id and grid columns, then the run's row
    if(pos EQUAL -1)
      message(FATAL_ERROR "${name}: row ${i} of the merged jobs differs from the sweep's:\n${a}\n${b}")
    endif()
  endforeach()
  set(swept_rows "${swept}" PARENT_SCOPE)
endfunction()

jobs_match_sweep(jobs --grid devices.count=1,2 --schedulers fl,pipar --set devices.uplink_mbps=20)
# Auto (P, N): PiPar's rows must carry the selector's choice, not the placeholder P = 1, N = 1.
jobs_match_sweep(auto --grid devices.count=1,2 --schedulers fl,pipar --set devices.uplink_mbps=20
                 --set split.split_point=auto --set split.micro_batches=auto)
list(FILTER swept_rows INCLUDE REGEX ",pipar,vgg5,cifar10,[0-9]+,1,1,")
if(swept_rows)
  message(FATAL_ERROR "auto sweep kept the placeholder P = 1, N = 1:\n${swept_rows}")
endif()

expect_exit2("jobs-sweep/runs.csv: header differs from" merge ${WORK}/jobs/points/p1 ${WORK}/jobs-sweep
             --out ${WORK}/bad.csv)
message(STATUS "emit-jobs + merge reproduce the sweep's rows")
