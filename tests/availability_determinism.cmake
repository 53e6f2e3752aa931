# Seeded client sampling and dropouts: the same scenario + seed gives byte-identical output files,
# and another seed other ones.
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -DWORK=<dir> -P availability_determinism.cmake
file(REMOVE_RECURSE ${WORK})
foreach(sc dropouts client_sampling)
  foreach(i 1 2 3)
    set(seed 1)
    if(i EQUAL 3)
      set(seed 2)
    endif()
    # The same command each time (summary.json records the command line): run into one folder, then
    # keep a copy of what it wrote.
    execute_process(COMMAND ${PIPAR} run ${SRC}/scenarios/${sc}.json --set seed=${seed} --out ${WORK}/out
                    RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${sc} run ${i} failed with exit ${rc}")
    endif()
    file(RENAME ${WORK}/out ${WORK}/${sc}${i})
  endforeach()
  foreach(f summary.json runs.csv resources.csv rounds.csv)
    file(SHA256 ${WORK}/${sc}1/${f} h1)
    file(SHA256 ${WORK}/${sc}2/${f} h2)
    if(NOT h1 STREQUAL h2)
      message(FATAL_ERROR "${sc}: ${f} differs between two runs with the same seed")
    endif()
  endforeach()
  file(SHA256 ${WORK}/${sc}1/runs.csv h1)
  file(SHA256 ${WORK}/${sc}3/runs.csv h3)
  if(h1 STREQUAL h3)
    message(FATAL_ERROR "${sc}: seeds 1 and 2 gave the same runs.csv")
  endif()
endforeach()
message(STATUS "byte-identical for the same seed, different for another: dropouts, client_sampling")
