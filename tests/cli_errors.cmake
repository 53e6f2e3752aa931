# Runs pipar-sim on bad input and checks: non-zero exit, and stderr naming the file and JSON path.
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -P cli_errors.cmake
set(S ${SRC}/scenarios/default.json)
function(expect_error expected)
  execute_process(COMMAND ${PIPAR} run ${ARGN} --out ${CMAKE_CURRENT_BINARY_DIR}/cli-errors-out
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "expected exit 2 (bad input), got ${rc}: ${ARGN}")
  endif()
  string(FIND "${err}" "${expected}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "stderr of '${ARGN}' lacks '${expected}':\n${err}")
  endif()
  message(STATUS "ok (exit ${rc}): ${err}")
endfunction()

expect_error("bad_syntax.json: invalid JSON at line 3, column 28" ${SRC}/tests/data/bad_syntax.json)
expect_error("default.json: /devices/colour: unknown field" ${S} --set devices.colour=1)
expect_error("default.json: /devices/uplink_mbps: expected a number in (0, 1e+06] Mbps, got -10" ${S}
             --set devices.uplink_mbps=-10)
expect_error("default.json: /split/split_point: expected an integer in [1, 4]" ${S} --set split.split_point=5)
expect_error("default.json: /split/micro_batches: expected an integer in [1, 100]" ${S}
             --set split.micro_batches=101)
expect_error("/schedulers: unknown scheduler \"nope\"" ${S} --schedulers nope)
expect_error("argument was not expected: --bogus" ${S} --bogus)
expect_error("bandwidth_trace.json: /devices/uplink_trace: bandwidth traces need network/weight-S = 0" ${SRC}/scenarios/bandwidth_trace.json
             --network-model realistic)

# A result file that is a folder is refused before anything is simulated: exit 2 naming --out and
# the file, and no other result written (it used to simulate, write summary.json, then exit 1).
set(OUT ${CMAKE_CURRENT_BINARY_DIR}/cli-errors-runs-dir)
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/runs.csv)
execute_process(COMMAND ${PIPAR} run ${S} --schedulers fl --set devices.count=1 --out ${OUT}
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
string(FIND "${err}" "--out: \"${OUT}\": ${OUT}/runs.csv exists and is not a regular file (a folder)" pos)
file(GLOB written ${OUT}/*)
if(NOT rc EQUAL 2 OR pos EQUAL -1 OR NOT written STREQUAL "${OUT}/runs.csv")
  message(FATAL_ERROR "run into a folder whose runs.csv is a folder: exit ${rc}, wrote ${written}:\n${err}")
endif()
message(STATUS "ok (exit ${rc}): ${err}")
