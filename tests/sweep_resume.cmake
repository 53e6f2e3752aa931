# A sweep killed half way, then resumed, ends with exactly one row per grid point, byte-identical to
# an uninterrupted sweep's runs.csv. The kill is SIGKILL right after the 35th appended row (the
# PIPAR_SWEEP_KILL_AFTER test hook), so the test does not depend on timing.
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -DWORK=<dir> -P sweep_resume.cmake
file(REMOVE_RECURSE ${WORK})
set(SWEEP ${PIPAR} sweep ${SRC}/scenarios/default.json --grid devices.uplink_mbps=1,2,5,10,20,50,100
          --grid devices.count=1:16:x2 --schedulers fl,pipar -j 2 --quiet)

execute_process(COMMAND ${SWEEP} --out ${WORK}/whole RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "uninterrupted sweep failed (${rc}): ${err}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -E env PIPAR_SWEEP_KILL_AFTER=35 ${SWEEP} --out ${WORK}/killed
                RESULT_VARIABLE rc ERROR_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "the killed sweep exited 0")
endif()
file(STRINGS ${WORK}/killed/runs.csv lines)
list(LENGTH lines n)
if(NOT n EQUAL 36)
  message(FATAL_ERROR "after the kill: expected the header and 35 rows, got ${n} lines")
endif()

execute_process(COMMAND ${SWEEP} --out ${WORK}/killed RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "without --resume a sweep must refuse an existing runs.csv")
endif()
execute_process(COMMAND ${SWEEP} --out ${WORK}/killed --resume RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "resumed sweep failed (${rc}): ${err}")
endif()
string(FIND "${err}" "35 already in" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "the resumed sweep did not skip the 35 rows present:\n${err}")
endif()

file(READ ${WORK}/killed/runs.csv text)
string(REPLACE ";" "|" text "${text}") # point ids hold ';', CMake's list separator
string(REGEX MATCHALL "[^\n]+" lines "${text}")
list(LENGTH lines n)
set(ids "")
foreach(l IN LISTS lines)
  string(REGEX REPLACE ",.*" "" id "${l}")
  list(APPEND ids "${id}")
endforeach()
list(REMOVE_DUPLICATES ids)
list(LENGTH ids distinct)
if(NOT n EQUAL 71 OR NOT distinct EQUAL 71)
  message(FATAL_ERROR "expected the header and 70 distinct rows, got ${n} lines, ${distinct} distinct")
endif()
file(SHA256 ${WORK}/whole/runs.csv h1)
file(SHA256 ${WORK}/killed/runs.csv h2)
if(NOT h1 STREQUAL h2)
  message(FATAL_ERROR "the resumed runs.csv differs from the uninterrupted one")
endif()
message(STATUS "killed after 35 of 70 runs, resumed: 70 rows, byte-identical to an uninterrupted sweep")

# --resume compares the scenario's content, not the name it is given by: the same file named by
# another path resumes; a copy edited since the sweep began is refused (its rows would mix in).
file(READ ${SRC}/scenarios/default.json scenario)
string(REPLACE "\"profile\": \"../models/" "\"profile\": \"${SRC}/models/" scenario "${scenario}")
file(WRITE ${WORK}/copy/s.json "${scenario}")
execute_process(COMMAND ${PIPAR} sweep ${WORK}/copy/s.json --grid seed=1,2 --schedulers fl --set devices.count=1
                        --quiet --out ${WORK}/copy/out RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "small sweep failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${PIPAR} sweep ${WORK}/copy/../copy/s.json --grid seed=1,2,3 --schedulers fl
                        --set devices.count=1 --quiet --out ${WORK}/copy/out --resume RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "resuming with the same file by another path failed (${rc}): ${err}")
endif()
string(REPLACE "\"samples\": 2500" "\"samples\": 500" edited "${scenario}")
file(WRITE ${WORK}/copy/s.json "${edited}")
execute_process(COMMAND ${PIPAR} sweep ${WORK}/copy/s.json --grid seed=1,2,3,4 --schedulers fl --set devices.count=1
                        --quiet --out ${WORK}/copy/out --resume RESULT_VARIABLE rc ERROR_VARIABLE err)
string(FIND "${err}" "/scenario_fnv1a64" pos)
if(NOT rc EQUAL 2 OR pos EQUAL -1)
  message(FATAL_ERROR "resuming after the scenario was edited must exit 2 naming its digest (${rc}): ${err}")
endif()
message(STATUS "resume: the same scenario by another path resumes, an edited one is refused")

# Damaged rows are not finished runs: --resume drops them (saying so), runs their points again and
# ends with a valid runs.csv, byte-identical to an undamaged sweep's. A row cut to 2 fields, one
# whose makespan_s is nan, and a repeated row (written once; the count said is the rows written).
set(SMALL ${PIPAR} sweep ${SRC}/scenarios/default.json --grid devices.uplink_mbps=1,2 --set devices.count=2
          --schedulers fl,pipar -j 1 --quiet)
execute_process(COMMAND ${SMALL} --out ${WORK}/damaged RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "small sweep failed (${rc}): ${err}")
endif()
file(READ ${WORK}/damaged/runs.csv intact)
string(REGEX REPLACE "\ndevices.uplink_mbps=1;scheduler=pipar,[^\n]*" "\ndevices.uplink_mbps=1;scheduler=pipar,x"
       text "${intact}")
string(REPEAT "[^,\n]*," 10 before_makespan) # point, grid, scenario ... downlink_mbps
string(REGEX REPLACE "\n(devices.uplink_mbps=2;scheduler=fl,${before_makespan})[^,\n]*" "\n\\1nan" text "${text}")
string(REGEX MATCH "\ndevices.uplink_mbps=1;scheduler=fl,[^\n]*\n" first_row "${intact}")
string(SUBSTRING "${first_row}" 1 -1 first_row)
file(WRITE ${WORK}/damaged/runs.csv "${text}${first_row}")
if(NOT text MATCHES "scheduler=pipar,x\n" OR NOT text MATCHES ",nan,")
  message(FATAL_ERROR "the test failed to damage runs.csv:\n${text}")
endif()
execute_process(COMMAND ${SMALL} --out ${WORK}/damaged --resume RESULT_VARIABLE rc ERROR_VARIABLE err)
foreach(expected "runs.csv: line 3 (devices.uplink_mbps=1;scheduler=pipar): 2 fields, the header 39: not a finished run, dropped; its point runs again"
                 "line 4 (devices.uplink_mbps=2;scheduler=fl): makespan_s \"nan\" is not a finite number >= 0"
                 "2 already in" "(4 rows)")
  string(FIND "${err}" "${expected}" pos)
  if(NOT rc EQUAL 0 OR pos EQUAL -1)
    message(FATAL_ERROR "resume of a damaged runs.csv: exit ${rc}, stderr lacks '${expected}':\n${err}")
  endif()
endforeach()
file(READ ${WORK}/damaged/runs.csv resumed)
if(NOT resumed STREQUAL intact)
  message(FATAL_ERROR "the resumed runs.csv is not the undamaged one:\n${resumed}\nvs\n${intact}")
endif()
message(STATUS "resume: damaged rows dropped and run again, a repeated row written once")
