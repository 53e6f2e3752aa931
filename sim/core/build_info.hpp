// pipar-sim's version (CMake's project version) and the git commit it was built from, taken at build
// time by cmake/build_info.cmake ("<sha>+modified" for a tree with uncommitted changes, "unknown"
// outside git). Recorded in summary.json and sweep.json.
#pragma once

namespace pipar {

const char* build_version();
const char* build_commit();

} // namespace pipar
