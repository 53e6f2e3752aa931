// Unit conversions. Inside the simulator everything is SI: seconds, bytes, bytes/s, flop, flop/s.
// Mbps and milliseconds exist only at the JSON edge and are converted here, once.
#pragma once

namespace pipar::units {

constexpr double bits_per_byte = 8.0;
/// 1 Mbps = 10^6 bit/s.
constexpr double mbps_to_bytes_per_s(double mbps) { return mbps * 1e6 / bits_per_byte; }
constexpr double bytes_per_s_to_mbps(double bps) { return bps * bits_per_byte / 1e6; }
constexpr double ms_to_s(double ms) { return ms * 1e-3; }
constexpr double bytes_per_float32 = 4.0;

} // namespace pipar::units
