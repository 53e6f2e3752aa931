# Same scenario + same seed gives byte-identical output files (the same command twice: summary.json
# records the command line, so both runs write to one folder, the first copied aside).
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -DWORK=<dir> -P cli_determinism.cmake
file(REMOVE_RECURSE ${WORK})
foreach(i 1 2)
  execute_process(COMMAND ${PIPAR} run ${SRC}/scenarios/default.json --out ${WORK}/out RESULT_VARIABLE rc
                  OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${i} failed with exit ${rc}")
  endif()
  file(COPY ${WORK}/out/ DESTINATION ${WORK}/${i})
endforeach()
foreach(f summary.json runs.csv resources.csv)
  file(SHA256 ${WORK}/1/${f} h1)
  file(SHA256 ${WORK}/2/${f} h2)
  if(NOT h1 STREQUAL h2)
    message(FATAL_ERROR "${f} differs between two runs of the same scenario")
  endif()
endforeach()
message(STATUS "byte-identical: summary.json runs.csv resources.csv")
