# pipar-sim validate on three measured runs (tests/data/realrun): exit 0, one CSV row per run, each
# simulated makespan within 3% of the measured one (the measurement is independent data), and one
# ranking.csv row for their one setting; a PiPar run simulated with the standalone profile
# (--profile) within 3% as well; two runs of scripts/testbed.py at 50 Mbit/s within 3%, and
# two with 10 ms of latency; an FL run's aggregations and model loads as memory traffic in closed form; a run without
# backward flop estimates costed by the zoo's rule; a file that is not a run exits 2 naming its JSON path;
# neither leaves a file in the temporary directory; --timelines writes one CSV per run; repeats.csv
# gives FL's three repeats' makespan floor in closed form.
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -DWORK=<dir> -P validate_cli.cmake
# CSV (a validate report's validation.csv) holds a header and `rows` runs, each with its simulated
# makespan within 3% of the measured one (column 9, makespan_error).
function(expect_makespans_within_3_percent csv rows what)
  file(STRINGS ${csv} lines)
  list(LENGTH lines n)
  math(EXPR expected "${rows} + 1")
  if(NOT n EQUAL expected)
    message(FATAL_ERROR "${what}: ${csv} has ${n} lines, expected a header and ${rows} rows")
  endif()
  list(REMOVE_AT lines 0)
  foreach(line IN LISTS lines)
    string(REPLACE "," ";" f "${line}")
    list(GET f 9 e) # makespan_error
    if(e LESS -0.03 OR e GREATER 0.03)
      message(FATAL_ERROR "${what}: makespan error ${e} beyond 3%: ${line}")
    endif()
  endforeach()
endfunction()
# The first run's value in column `column` (0-based) of a validation.csv, printed with 6 decimals,
# as an integer number of millionths (microseconds for the seconds columns), into `out`.
function(first_row_micros csv column out)
  file(STRINGS ${csv} lines)
  list(GET lines 1 line)
  string(REPLACE "," ";" f "${line}")
  list(GET f ${column} value)
  string(REPLACE "." "" micros "${value}")
  math(EXPR micros "${micros}")
  set(${out} ${micros} PARENT_SCOPE)
endfunction()
# `validate ${fl_run} ARGN --report ${WORK}/<name>` must exit 0; its first row's value in `column`
# (first_row_micros) goes into `out`.
function(fl_run_micros name column out)
  execute_process(COMMAND ${PIPAR} validate ${fl_run} ${ARGN} --report ${WORK}/${name}
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "validate ${ARGN}: exit ${rc}: ${err}")
  endif()
  first_row_micros(${WORK}/${name}/validation.csv ${column} micros)
  set(${out} ${micros} PARENT_SCOPE)
endfunction()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/tmp)
set(D ${SRC}/tests/data/realrun)
execute_process(COMMAND ${CMAKE_COMMAND} -E env TMPDIR=${WORK}/tmp ${PIPAR} validate ${D}/vgg5_fl_up10_dn25_B100_K5_R2_d1_r0.json
                        ${D}/vgg5_sfl_P2_up10_dn25_B100_K5_R2_d1_r0.json
                        ${D}/vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0.json --report ${WORK}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "validate failed (${rc}): ${err}")
endif()
expect_makespans_within_3_percent(${WORK}/validation.csv 3 "three measured runs")
# The three runs share one setting: ranking.csv has a header and one row naming 3 configurations.
file(STRINGS ${WORK}/ranking.csv ranking)
list(LENGTH ranking n)
list(GET ranking 1 row)
if(NOT n EQUAL 2 OR NOT row MATCHES "^\"?vgg5 B=100 K=5 R=2 devices=1 up=10 down=25 Mbit/s latency=0 ms\"?,3,")
  message(FATAL_ERROR "ranking.csv: expected a header and one setting of 3 configurations, got ${ranking}")
endif()
# One standalone profile (timing tables at 5 micro-batch sizes) for a PiPar run: within 3% too.
execute_process(COMMAND ${PIPAR} validate ${D}/vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0.json
                        --profile ${D}/standalone_profile_pipar.json --classes ${D}/device_classes.json
                        --report ${WORK}/standalone
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "validate --profile: exit ${rc}: ${err}")
endif()
expect_makespans_within_3_percent(${WORK}/standalone/validation.csv 1 "validate --profile")
# The class with an element-wise rate that calibrate fitted to the standalone profile (its units'
# multiply-adds inferred from their kinds, shapes and parameters): a PiPar run within 3%.
execute_process(COMMAND ${PIPAR} validate ${D}/vgg5_pipar_P1_N5_up10_dn25_B100_K5_R2_d1_r0.json
                        --class realrun_cpu_elementwise --classes ${D}/device_classes.json --report ${WORK}/elementwise
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "validate --class realrun_cpu_elementwise: exit ${rc}: ${err}")
endif()
expect_makespans_within_3_percent(${WORK}/elementwise/validation.csv 1 "validate --class realrun_cpu_elementwise")
# A run without the backward flop estimates (bwd_flops_per_sample_est is optional) gets the model
# zoo's rule, weight gradient + input gradient (the first unit: weight gradient only); the campaign's
# own estimates follow the same rule, so analytic costs on a class come out byte-identical.
set(run_with ${D}/vgg5_sfl_P2_up10_dn25_B100_K5_R2_d1_r0.json)
set(run_without ${WORK}/no_bwd/vgg5_sfl_P2_up10_dn25_B100_K5_R2_d1_r0.json)
file(READ ${run_with} run)
foreach(i RANGE 0 4)
  string(JSON run REMOVE "${run}" units ${i} bwd_flops_per_sample_est)
endforeach()
file(WRITE ${run_without} "${run}")
foreach(which with without)
  execute_process(COMMAND ${PIPAR} validate ${run_${which}} --class realrun_cpu --classes ${D}/device_classes.json
                          --report ${WORK}/bwd_${which}
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "validate --class on the run ${which} backward estimates: exit ${rc}: ${err}")
  endif()
endforeach()
file(READ ${WORK}/bwd_with/validation.csv a)
file(READ ${WORK}/bwd_without/validation.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "without bwd_flops_per_sample_est: ${b}\nwith: ${a}")
endif()
# Aggregation as memory traffic: an FL run's server computes only its R = 2 aggregations, so with
# --aggregation-bytes-per-s 1e7 its simulated server busy time is 2 x the model's bytes (the run's
# units' parameter + buffer bytes) / 1e7 s, to the CSV's microsecond.
set(fl_run ${D}/vgg5_fl_up10_dn25_B100_K5_R2_d1_r0.json)
file(READ ${fl_run} run)
string(JSON units LENGTH "${run}" units)
math(EXPR last "${units} - 1")
set(model_bytes 0)
foreach(i RANGE 0 ${last})
  string(JSON p GET "${run}" units ${i} param_bytes)
  string(JSON b GET "${run}" units ${i} buffer_bytes)
  math(EXPR model_bytes "${model_bytes} + ${p} + ${b}")
endforeach()
math(EXPR expected_us "(2 * ${model_bytes} + 5) / 10") # 2 x bytes / 1e7 s, in microseconds, rounded
fl_run_micros(aggregation 11 busy_us --aggregation-bytes-per-s 1e7 --aggregation-fixed-s 0) # server_busy_simulated_s
math(EXPR diff "${busy_us} - ${expected_us}")
if(diff GREATER 1 OR diff LESS -1)
  message(FATAL_ERROR "FL aggregation at 1e7 bytes/s: server busy ${busy_us} us, expected ${expected_us} us for "
                      "${model_bytes} bytes twice")
endif()
# Model load as memory traffic: the FL run's device loads the averaged model twice, after each
# round's download, while nothing else runs on it, so --model-load-bytes-per-s 1e7 adds 2 x the
# model's bytes / 1e7 s to its simulated busy time against no load at all, to the microsecond.
foreach(rate 0 1e7) # device_busy_simulated_s
  fl_run_micros(load_${rate} 14 busy_us_${rate} --model-load-fixed-s 0 --model-load-bytes-per-s ${rate})
endforeach()
math(EXPR diff "${busy_us_1e7} - ${busy_us_0} - ${expected_us}")
if(diff GREATER 1 OR diff LESS -1)
  message(FATAL_ERROR "model loads at 1e7 bytes/s added ${busy_us_1e7} - ${busy_us_0} us of device busy time, "
                      "expected ${expected_us} us for ${model_bytes} bytes twice")
endif()
# The send delay: the FL run's four model messages (two rounds, up and down) each enter an idle link
# right after the compute that produced them (the device's step, the aggregation) while nothing waits
# on anything else, so --send-delay-per-byte-s 1e-8 delays the makespan by 4 x the model's bytes x
# 1e-8 s against no delay, to the microsecond.
foreach(per_byte 0 1e-8) # makespan_simulated_s
  fl_run_micros(send_${per_byte} 8 makespan_us_${per_byte} --send-delay-s 0 --send-delay-per-byte-s ${per_byte})
endforeach()
math(EXPR expected_delay_us "(4 * ${model_bytes} + 50) / 100")
math(EXPR diff "${makespan_us_1e-8} - ${makespan_us_0} - ${expected_delay_us}")
if(diff GREATER 1 OR diff LESS -1)
  message(FATAL_ERROR "a send delay of 1e-8 s per byte added ${makespan_us_1e-8} - ${makespan_us_0} us to the FL "
                      "makespan, expected ${expected_delay_us} us for 4 messages of ${model_bytes} bytes")
endif()
# --report records what it ran with: the options given, the defaults of the others, the costs' source.
file(READ ${WORK}/send_1e-8/mechanisms.json mechanisms)
string(JSON per_byte GET "${mechanisms}" communication send_delay_per_byte_s)
string(JSON fixed GET "${mechanisms}" communication send_delay_s)
string(JSON handoff GET "${mechanisms}" communication handoff_s)
string(JSON costs GET "${mechanisms}" costs)
# (string(JSON) prints numbers its own way: compared as numbers)
if(per_byte LESS 0.99e-8 OR per_byte GREATER 1.01e-8 OR NOT fixed EQUAL 0 OR handoff LESS 0.000499
   OR handoff GREATER 0.000501 OR NOT costs STREQUAL "each run's own profile")
  message(FATAL_ERROR "mechanisms.json of --send-delay-s 0 --send-delay-per-byte-s 1e-8: send delay ${fixed} + "
                      "${per_byte} per byte, hand-off ${handoff}, costs '${costs}'")
endif()
# Runs of the other harness (scripts/testbed.py, tests/data/testbed: no derived section, no backward
# estimates, its own framing) at 50 Mbit/s, where compute and communication are comparable: within 3%.
set(TB ${SRC}/tests/data/testbed)
# validate's SFL P = 2 and PiPar P = 2 N = 5 runs at 50 Mbit/s with `latency` ("" or "_lat10"), into
# ${WORK}/<name>: exit 0 and both makespans within 3%.
function(expect_testbed_pair_within_3_percent latency name)
  execute_process(COMMAND ${PIPAR} validate ${TB}/vgg5_sfl_P2_up50_dn50${latency}_B100_K5_R2_d1_r0.json
                          ${TB}/vgg5_pipar_P2_N5_up50_dn50${latency}_B100_K5_R2_d1_r0.json --report ${WORK}/${name}
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "validate on testbed runs (${name}): exit ${rc}: ${err}")
  endif()
  expect_makespans_within_3_percent(${WORK}/${name}/validation.csv 2 "testbed runs (${name})")
endfunction()
expect_testbed_pair_within_3_percent("" testbed)
# The same two with 10 ms of latency each way (scripts/delayline.c): within 3% with TCP slow start
# (validate's default window), PiPar 4.2% short without it (--tcp-initial-window-bytes 0).
expect_testbed_pair_within_3_percent(_lat10 latency)
# repeats.csv: the three runs above are three configurations, so no row; FL's three repeats are
# one, whose makespan mean and floor, (max - min) / (max + min), are those of their measured makespans
# (validation.csv, column 7), to the 6 and 5 decimals printed.
file(STRINGS ${WORK}/repeats.csv lines)
list(LENGTH lines n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "repeats.csv of three configurations: expected its header alone, got ${lines}")
endif()
file(GLOB fl_repeats ${D}/vgg5_fl_up10_dn25_B100_K5_R2_d1_r*.json)
execute_process(COMMAND ${PIPAR} validate ${fl_repeats} --report ${WORK}/repeats RESULT_VARIABLE rc ERROR_VARIABLE err
                OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "validate of FL's repeats: exit ${rc}: ${err}")
endif()
file(STRINGS ${WORK}/repeats/validation.csv lines)
list(REMOVE_AT lines 0)
set(lo 0)
set(hi 0)
set(sum 0)
foreach(line IN LISTS lines)
  string(REPLACE "," ";" f "${line}")
  list(GET f 7 value)
  string(REPLACE "." "" us "${value}")
  math(EXPR us "${us}")
  math(EXPR sum "${sum} + ${us}")
  if(lo EQUAL 0 OR us LESS lo)
    set(lo ${us})
  endif()
  if(us GREATER hi)
    set(hi ${us})
  endif()
endforeach()
math(EXPR floor_e5 "((${hi} - ${lo}) * 200000 + ${hi} + ${lo}) / (2 * (${hi} + ${lo}))") # rounded
file(STRINGS ${WORK}/repeats/repeats.csv lines)
list(LENGTH lines n)
list(GET lines -1 row)
string(REPLACE "," ";" f "${row}")
list(GET f 2 runs)
list(GET f 5 mean)
string(REPLACE "." "" mean "${mean}")
math(EXPR mean "${mean}")
math(EXPR mean_us "(2 * ${sum} + 3) / 6") # the mean of the three as printed, rounded
math(EXPR mean_off "${mean} - ${mean_us}") # validation.csv's values are rounded too: 1 us apart at most
list(GET f 6 floor)
string(REPLACE "." "" floor "${floor}")
math(EXPR floor "${floor}")
if(NOT n EQUAL 2 OR NOT runs EQUAL 3 OR NOT floor EQUAL floor_e5 OR mean_off GREATER 1
   OR mean_off LESS -1)
  message(FATAL_ERROR "repeats.csv of FL's 3 repeats: expected one row, 3 runs, mean ${mean_us} us, floor ${floor_e5} e-5 "
                      "(measured ${lo} to ${hi} us), got ${lines}")
endif()
# --timelines: one CSV per run, named for its run id, the measured operations then the simulated ones.
execute_process(COMMAND ${PIPAR} validate ${TB}/vgg5_pipar_P2_N5_up50_dn50_B100_K5_R2_d1_r0.json --timelines ${WORK}/tl
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
set(tl ${WORK}/tl/vgg5_pipar_P2_N5_up50_dn50_B100_K5_R2_d1_r0.csv)
if(NOT rc EQUAL 0 OR NOT EXISTS ${tl})
  message(FATAL_ERROR "validate --timelines: exit ${rc}, ${tl} not written: ${err}")
endif()
file(STRINGS ${tl} lines)
list(GET lines 0 header)
list(GET lines 1 first)
list(GET lines -1 last)
if(NOT header STREQUAL "source,kind,device,iteration,micro_batch,start_s,end_s,duration_s" OR
   NOT first MATCHES "^measured,device_fwd,0,0,0,0.000000," OR NOT last MATCHES "^simulated,")
  message(FATAL_ERROR "validate --timelines: unexpected ${tl}: ${header} / ${first} / ${last}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env TMPDIR=${WORK}/tmp ${PIPAR} validate ${D}/standalone_profile_pipar.json RESULT_VARIABLE rc ERROR_VARIABLE err
                OUTPUT_QUIET)
if(NOT rc EQUAL 2 OR NOT err MATCHES "/config")
  message(FATAL_ERROR "a non-run file: expected exit 2 naming /config, got ${rc}: ${err}")
endif()
file(GLOB left ${WORK}/tmp/*)
if(left)
  message(FATAL_ERROR "validate left temporary files: ${left}")
endif()
# A measured kind whose median is 0 s has no relative error: the printout says n/a, operations.csv
# leaves the field empty (it printed +0.0% and 0.00000). Every device forward made 0 s long here.
file(READ ${D}/vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0.json run)
string(JSON n LENGTH "${run}" timeline)
math(EXPR last "${n} - 1")
foreach(i RANGE ${last})
  string(JSON kind GET "${run}" timeline ${i} kind)
  if(kind STREQUAL "device_fwd")
    string(JSON start GET "${run}" timeline ${i} start)
    string(JSON run SET "${run}" timeline ${i} end "${start}")
  endif()
endforeach()
file(WRITE ${WORK}/zero_fwd.json "${run}")
execute_process(COMMAND ${PIPAR} validate ${WORK}/zero_fwd.json --report ${WORK}/zero_fwd RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(STRINGS ${WORK}/zero_fwd/operations.csv fwd REGEX ",device_fwd,")
if(NOT rc EQUAL 0 OR NOT out MATCHES "device_fwd +n/a / +n/a +\\(0 runs; 1 more whose measured median is 0 s"
   OR NOT fwd MATCHES ",device_fwd,0.000000,0\\.[0-9]+,$")
  message(FATAL_ERROR "a measured median of 0 s: expected n/a and an empty error field, got exit ${rc}: ${fwd}\n${out}${err}")
endif()
message(STATUS "validate: 3 runs, 2 testbed runs and 2 with latency within 3%, FL aggregation and model loads in closed form, the repeats' floor in closed form, backward flop by default as estimated, a bad file exits 2, no temporary file left")
