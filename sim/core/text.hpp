// Text that comes from the user and goes back to them: UTF-8 checks, capped echoes in messages,
// file-name-safe names, numbers in messages.
#pragma once
#include <cstddef>
#include <string>

namespace pipar {

/// True if `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool valid_utf8(const std::string& s);

/// True for a name that goes into CSV rows, catalogues and messages (a scenario's, a fleet group's, a
/// device class's): 1 to 200 bytes of valid UTF-8 without control characters.
bool plain_name(const std::string& s);

/// `s` without a leading UTF-8 byte-order mark (a spreadsheet's or editor's export), else unchanged.
std::string without_bom(const std::string& s);

/// `s` as it may appear in a message: at most `max` bytes (cut on a character boundary, "..."
/// appended), control characters and invalid bytes shown as \xNN.
std::string echo(const std::string& s, std::size_t max = 80);

/// A name made safe as one file-name component: characters other than letters, digits, '.', '-'
/// and '_' become '_', a leading '.' becomes '_' (no "..", no hidden file), at most 100 bytes,
/// never empty.
std::string file_name_safe(const std::string& name);

/// A number as a message or label shows it: printf's %g (6 significant digits).
std::string short_number(double v);

} // namespace pipar
