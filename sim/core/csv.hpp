// CSV as RFC 4180 writes it: every CSV file the project writes goes through csv_field, every CSV
// line it reads back through csv_split.
#pragma once
#include <string>
#include <vector>

namespace pipar {

/// `s` as one CSV field: quoted ("...", inner quotes doubled) when it holds a comma, a quote or a
/// line break; as is otherwise. (The project's readers are line-based: names that reach a CSV are
/// refused with control characters in them, so no written field holds a line break.)
std::string csv_field(const std::string& s);

/// Fields joined with commas, each through csv_field (no line end).
std::string csv_join(const std::vector<std::string>& fields);

/// Splits one CSV line (no line break inside) into its fields, undoing csv_field's quoting.
/// Throws std::invalid_argument on an unterminated quote or text after a closing quote.
std::vector<std::string> csv_split(const std::string& line);

} // namespace pipar
