// Measured profiles (scripts/profile_torch.py, import-pipedream): seconds per sample per split unit
// on the device class they were measured on, turned into flop for the simulator's cost model.
#pragma once
#include "model/profile.hpp"

namespace pipar {

/// True when every unit carries measured forward and backward seconds.
bool is_measured(const Profile& p);
/// True when some unit carries measured seconds (per sample at one batch size, or timing tables).
bool has_measured_times(const Profile& p);

/// The profile with each unit's forward_flops and backward_flops replaced by its measured seconds
/// per sample times `measured_class_speed_flops` (the flop/s the simulator assigns to the class the
/// profile was measured on), so that a device of that class computes exactly the measured time and
/// a device of another class scales by relative speed.
///
/// The measurement at batch b holds, per split unit and task, the class's fixed overhead once:
/// seconds per sample = (b * flop / speed + overhead) / b. When the platform adds the class's
/// `compute_overhead_s` per unit itself, pass it as `overhead_s_per_unit` and it is taken out
/// (seconds - overhead / b, never below 0) so that it is not counted twice.
/// Other fields, the seconds and the measured class are kept. Throws InputError when the profile is
/// not measured or the speed is not positive.
Profile measured_as_flops(const Profile& p, double measured_class_speed_flops, double overhead_s_per_unit = 0);

} // namespace pipar
