# SPDX-License-Identifier: GPL-3.0-or-later
#
# Golden-transcript check for one scenario. Run by ctest as
#   cmake -DPORTLAB=<portlab> -DSCENARIO=<dir/NAME.portlab> -DEXPECTED=<dir/NAME.expected>
#         [-DWORK_DIR=<where to write NAME.actual>] -P run_golden.cmake
#
# NAME.expected: first line "# exit: N" (the exit code `portlab run` must return), then the
# exact standard output, byte for byte. portlab runs in the scenario's folder with the bare
# file name, so file:line:column messages are the same on every machine.
cmake_minimum_required(VERSION 3.24)

foreach(var PORTLAB SCENARIO EXPECTED)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run_golden.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT DEFINED WORK_DIR OR "${WORK_DIR}" STREQUAL "")
    set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}")
endif()

get_filename_component(scenario_dir "${SCENARIO}" DIRECTORY)
get_filename_component(scenario_file "${SCENARIO}" NAME)
get_filename_component(name "${SCENARIO}" NAME_WLE)
get_filename_component(expected_file "${EXPECTED}" NAME)

if(NOT EXISTS "${SCENARIO}")
    message(FATAL_ERROR "scenario file not found: ${SCENARIO}")
endif()
if(NOT EXISTS "${EXPECTED}")
    message(FATAL_ERROR
        "MISSING EXPECTED FILE: ${EXPECTED}\n"
        "Every scenario needs a golden transcript next to it. Create it with\n"
        "    scripts/bless-scenario.sh ${SCENARIO}\n"
        "then READ it before committing: the test only proves the output has not changed.")
endif()

# --- what is expected ---
file(READ "${EXPECTED}" expected_text)
string(REGEX MATCH "^# exit: ([0-9]+)\n" header "${expected_text}")
if(header STREQUAL "")
    message(FATAL_ERROR
        "${EXPECTED}:1: the first line must be '# exit: N' (the expected exit code), "
        "followed by the exact expected output")
endif()
set(expected_exit "${CMAKE_MATCH_1}")
string(LENGTH "${header}" header_length)
string(SUBSTRING "${expected_text}" ${header_length} -1 expected_stdout)

# --- what happens ---
execute_process(
    COMMAND "${PORTLAB}" run "${scenario_file}"
    WORKING_DIRECTORY "${scenario_dir}"
    OUTPUT_VARIABLE actual_stdout
    ERROR_VARIABLE actual_stderr
    RESULT_VARIABLE actual_exit)

file(MAKE_DIRECTORY "${WORK_DIR}")
set(actual_path "${WORK_DIR}/${name}.actual")
file(WRITE "${actual_path}" "# exit: ${actual_exit}\n${actual_stdout}")

if("${actual_exit}" STREQUAL "${expected_exit}" AND "${actual_stdout}" STREQUAL "${expected_stdout}")
    message(STATUS "${scenario_file}: transcript and exit code ${actual_exit} match ${expected_file}")
    return()
endif()

# --- explain the difference ---
set(problems "")
if(NOT "${actual_exit}" STREQUAL "${expected_exit}")
    string(APPEND problems "  exit code: expected ${expected_exit}, got ${actual_exit}\n")
endif()
if(NOT "${actual_stdout}" STREQUAL "${expected_stdout}")
    string(APPEND problems "  standard output differs from ${expected_file}\n")
endif()

find_program(DIFF_EXECUTABLE diff)
if(DIFF_EXECUTABLE)
    execute_process(
        COMMAND "${DIFF_EXECUTABLE}" -u
                --label "${expected_file} (expected)" --label "portlab run ${scenario_file} (actual)"
                "${EXPECTED}" "${actual_path}"
        OUTPUT_VARIABLE diff_text
        ERROR_VARIABLE diff_text)
else()
    set(diff_text "(diff not found; compare ${EXPECTED} with ${actual_path})\n")
endif()

message(NOTICE "\n${scenario_file}: output does not match the golden transcript\n${problems}")
message(NOTICE "${diff_text}")
if(NOT "${actual_stderr}" STREQUAL "")
    message(NOTICE "--- standard error of portlab ---\n${actual_stderr}")
endif()
message(NOTICE
    "Actual output kept in ${actual_path}\n"
    "If the new output is right, re-bless with scripts/bless-scenario.sh ${SCENARIO} "
    "and read the diff before committing.")
message(FATAL_ERROR "scenario ${name} FAILED")
