// The scenario format as data: every object of a scenario file, its fields, their types, ranges,
// units, defaults and meanings. scenarios/schema.json (JSON Schema, for editors' completion and
// checks) is generated from this table (`pipar-sim check --schema`); tests/scenario_schema_test.cpp
// checks that the reader accepts exactly these keys and these ranges, that the committed schema is
// what this table generates, and that every shipped scenario validates against it. A field added to
// a reader must be added here (the test fails otherwise).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipar {

struct FieldDef {
  std::string object; ///< "" (top level), "model", "group" (devices and each fleet group), "server", ...
  std::string key;
  nlohmann::json schema; ///< the field's JSON Schema (type, range, default, description)
  /// For range probes: a numeric field whose bounds the reader checks as given (false for bounds that
  /// depend on another field, e.g. split_point <= L - 1).
  bool fixed_range = false;
};

/// Every field of every object, in the README's order.
const std::vector<FieldDef>& scenario_fields();

/// The keys of `object` in the table.
std::vector<std::string> field_keys(const std::string& object);

/// The JSON Schema (draft 2020-12) of a scenario file.
nlohmann::json scenario_schema();

} // namespace pipar
