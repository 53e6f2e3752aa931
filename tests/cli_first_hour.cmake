# A researcher's first hour, end to end: a scenario kept in its own folder (outside the repository)
# names a device class, a network preset and a zoo model and runs from there; a missing input names
# the JSON path and every folder searched; run --set without --out leaves results/<name> alone;
# import-pipedream refuses a device class the catalogue lacks.
# Usage: cmake -DPIPAR=<binary> -DSRC=<repo> -DWORK=<dir> -P cli_first_hour.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/x)
file(WRITE ${WORK}/x/mine.json [=[{
  "name": "mine",
  "model": {"arch": "vgg5", "dataset": "cifar10"},
  "devices": {"count": 2, "device_class": "raspberry_pi_4", "network": "lte_4g", "samples": 200},
  "server": {"device_class": "server_gpu"},
  "schedulers": ["fl", "pipar"]
}]=])
execute_process(COMMAND ${PIPAR} run mine.json WORKING_DIRECTORY ${WORK}/x RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT EXISTS ${WORK}/x/results/mine/runs.csv)
  message(FATAL_ERROR "a scenario in its own folder did not run (exit ${rc}):\n${out}${err}")
endif()

function(expect_exit2 expected dir)
  execute_process(COMMAND ${PIPAR} ${ARGN} WORKING_DIRECTORY ${dir} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  string(FIND "${err}" "${expected}" pos)
  if(NOT rc EQUAL 2 OR pos EQUAL -1)
    message(FATAL_ERROR "expected exit 2 and '${expected}' from '${ARGN}', got exit ${rc}:\n${err}")
  endif()
  message(STATUS "ok: ${err}")
endfunction()

file(READ ${WORK}/x/mine.json text)
string(REPLACE "\"device_class\": \"raspberry_pi_4\"," "\"device_class\": \"raspberry_pi_4\", \"uplink_trace\": \"up.csv\","
       text "${text}")
file(WRITE ${WORK}/x/trace.json "${text}")
get_filename_component(parent ${WORK} ABSOLUTE)
expect_exit2("trace.json: /devices/uplink_trace: cannot use this trace: up.csv: cannot find this file (looked in: ${WORK}/x (the working directory), ${parent}, "
             ${WORK}/x run trace.json --out out)

# --set without --out: a folder of its own, not results/mine.
file(SHA256 ${WORK}/x/results/mine/runs.csv before)
execute_process(COMMAND ${PIPAR} run mine.json --set devices.count=1 WORKING_DIRECTORY ${WORK}/x RESULT_VARIABLE rc
                OUTPUT_VARIABLE out)
file(SHA256 ${WORK}/x/results/mine/runs.csv after)
file(GLOB set_dirs ${WORK}/x/results/mine-set-*)
string(FIND "${out}" "overrides: --set devices.count=1" pos)
if(NOT rc EQUAL 0 OR NOT before STREQUAL after OR NOT set_dirs OR pos EQUAL -1)
  message(FATAL_ERROR "run --set without --out: exit ${rc}, results/mine changed: ${before} ${after}, "
                      "folders: ${set_dirs}\n${out}")
endif()

file(WRITE ${WORK}/x/graph.txt "node1 -- Input -- forward_compute_time=1, backward_compute_time=0, activation_size=24576, parameter_size=0\n"
     "node2 -- ReLU -- forward_compute_time=1, backward_compute_time=1, activation_size=10, parameter_size=0\n"
     "node3 -- Linear -- forward_compute_time=1, backward_compute_time=1, activation_size=10, parameter_size=40\n"
     "\tnode1 -- node2\n\tnode2 -- node3\n")
expect_exit2("--device-class: unknown device class \"v100\"" ${WORK}/x import-pipedream graph.txt --model t
             --dataset cifar10 --device-class v100 --out t.json)
execute_process(COMMAND ${PIPAR} import-pipedream graph.txt --model t --dataset cifar10 --device-class server_gpu
                        --out t.json WORKING_DIRECTORY ${WORK}/x RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "import-pipedream with a known class: exit ${rc}")
endif()
message(STATUS "first hour: own-folder scenario, lookup errors, --set folder, import class check ok")
