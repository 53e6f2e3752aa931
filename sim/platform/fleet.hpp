// Fleet groups: "count x device class x network preset" plus optional per-group samples, split
// point, micro-batch count, latency, bandwidth traces and a speed trace. The flat "devices" section
// of a scenario is one such group. Everything here is pure (no SimGrid).
#pragma once
#include "core/json_read.hpp"
#include "platform/catalog.hpp"
#include "scenario/scenario.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pipar {

/// Where relative paths of a platform are looked up, and its catalogues (loaded when first used).
class PlatformContext {
public:
  /// `dirs`: folders tried in order for a relative path before the working directory and the data
  /// folders (the lookup rule of core/lookup.hpp).
  PlatformContext(std::vector<std::string> dirs, std::string classes_path, std::string networks_path);
  /// The first existing dir/p (normalised); throws InputError(p) naming every folder searched.
  std::string resolve(const std::string& p) const;
  /// The device class named by the string at `ptr` (error lists the valid names).
  const DeviceClass& device_class(const JsonReader& r, const std::string& ptr) const;
  const DeviceClass* find_device_class(const std::string& name) const; ///< nullptr if unknown
  const NetworkPreset& network(const JsonReader& r, const std::string& ptr) const;
  std::string classes_path() const { return resolve(classes_path_); }
  std::string networks_path() const { return resolve(networks_path_); }

private:
  const std::map<std::string, DeviceClass>& classes() const;
  const std::map<std::string, NetworkPreset>& networks() const;
  std::vector<std::filesystem::path> dirs_;
  std::string classes_path_, networks_path_;
  mutable std::unique_ptr<std::map<std::string, DeviceClass>> classes_;
  mutable std::unique_ptr<std::map<std::string, NetworkPreset>> networks_;
};

/// What a group's values are checked against.
/// A scenario has at most this many devices in all (a running total, checked group by group before
/// the group's devices are created). Schedulers may allow fewer (sched/registry.hpp).
constexpr long long max_devices = 1000000;

struct GroupLimits {
  int split_units = 2; ///< L: a group's split_point is in [1, L-1]
  int batch_size = 100; ///< B: a group's micro_batches is in [1, B]
};

/// Reads the group at `ptr`, appends its devices to `out` and returns the group's resolved JSON
/// (every value filled in, in the units the user writes). Throws InputError at the group's count when
/// `out` would exceed max_devices.
nlohmann::json read_group(const JsonReader& r, const std::string& ptr, const PlatformContext& ctx,
                          const GroupLimits& lim, const std::string& default_name, std::vector<DeviceSpec>& out);

} // namespace pipar
