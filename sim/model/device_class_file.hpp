// Writing one device class into platforms/device_classes.json
// ({"classes": {"<name>": {"speed_flops", "compute_overhead_s", "memory_bytes", "source", "measured"}}})
// without touching the rest of the file: every other byte, including the other entries, stays as it was.
#pragma once
#include <string>

namespace pipar {

struct DeviceClassEntry {
  double speed_flops = 0;        ///< effective flop/s
  double compute_overhead_s = 0; ///< fixed seconds per split unit per compute task
  double elementwise_flops = 0;  ///< flop/s of element-wise flop (0: not written, one rate)
  double memory_bytes = 0;       ///< memory of the device, bytes
  std::string source;            ///< where the numbers come from
  bool measured = true;
};

/// The entry as one line of JSON: {"speed_flops": ..., "compute_overhead_s": ..., "memory_bytes": ...,
/// "source": ..., "measured": ...}.
std::string device_class_json(const DeviceClassEntry& e);

/// `text` (a device classes file; empty means a new file) with the class `name` set to `e`: an existing
/// entry's value is replaced in place (the members `e` does not set, such as power figures, kept
/// after it in their order), a new one is appended after the last entry with its indentation.
/// Throws InputError (naming `file`) if the text is not JSON or has no "classes" object.
std::string upsert_device_class(const std::string& text, const std::string& file, const std::string& name,
                                const DeviceClassEntry& e);

/// Reads `path` (a missing file counts as empty), upserts, writes it back atomically (temp file + rename).
void write_device_class(const std::string& path, const std::string& name, const DeviceClassEntry& e);

} // namespace pipar
