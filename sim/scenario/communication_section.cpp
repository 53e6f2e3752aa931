// "communication": what a message costs beyond bytes / bandwidth (eval/comm_costs.hpp). Every field
// defaults to 0; the resolved scenario records the section only when the scenario gives it.
//   header_bytes        framing bytes added to every message (both directions)
//   cpu_per_message_s   CPU seconds per message on the sender's and on the receiver's compute lane
//   cpu_per_byte_s      CPU seconds per byte, likewise
//   wire_cpu_per_byte_s CPU seconds per byte on each end's host, spent while the message is on the wire
//   wire_cpu_max_share  M: the share of a core that load approaches as it grows (default 1)
//   wire_cpu_send_fraction  the sending end's load as a fraction of the receiving end's (default 1)
//   wire_cpu_send_fraction_backward  the same as backward passes feel it (default: the one above)
//   wire_cpu_cv         coefficient of variation of that load as each compute task feels it (default 0)
//   handoff_s           a compute task starts this long after a dependency on another lane ends
//   send_delay_s, send_delay_per_byte_s  a message enters its link this long (+ per byte) after the
//                       compute that produced it ends (or the message it passes on arrives)
//   tcp_initial_window_bytes  > 0: each link direction is a TCP connection in slow start from this window
//   tcp_window_growth   its growth per round trip, [1.25, 2] (default 2)
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_communication(const JsonReader& r, Scenario& s) {
  if (!r.has("/communication"))
    return;
  r.allow_only("/communication",
               {"header_bytes", "cpu_per_message_s", "cpu_per_byte_s", "wire_cpu_per_byte_s", "wire_cpu_max_share",
                "wire_cpu_send_fraction", "wire_cpu_send_fraction_backward", "wire_cpu_cv", "handoff_s",
                "send_delay_s", "send_delay_per_byte_s", "tcp_initial_window_bytes", "tcp_window_growth"});
  CommSpec& c = s.comm;
  // Mechanisms the evaluators do not model together with dropouts, deadlines or availability traces.
  const auto refuse_with_availability = [&](bool on, const std::string& field, const std::string& what) {
    if (on && s.availability.active())
      throw InputError(r.file(), "/communication/" + field,
                       what + " is not modelled with dropouts, round deadlines or availability traces: set it "
                              "to 0 or remove the availability settings");
  };
  c.header_bytes = r.number_or("/communication/header_bytes", {0, 1e9, "bytes"}, 0);
  c.cpu_per_message_s = r.number_or("/communication/cpu_per_message_s", {0, 1e3, "s"}, 0);
  c.cpu_per_byte_s = r.number_or("/communication/cpu_per_byte_s", {0, 1, "s/byte"}, 0);
  c.wire_cpu_per_byte_s = r.number_or("/communication/wire_cpu_per_byte_s", {0, 1, "s/byte"}, 0);
  c.wire_cpu_max_share = r.number_or("/communication/wire_cpu_max_share", {0, 1, "of a core", true}, 1);
  c.wire_cpu_send_fraction = r.number_or("/communication/wire_cpu_send_fraction", {0, 1, "of the receiver's"}, 1);
  c.wire_cpu_send_fraction_backward = r.number_or("/communication/wire_cpu_send_fraction_backward",
                                                  {0, 1, "of the receiver's"}, c.wire_cpu_send_fraction);
  c.wire_cpu_cv = r.number_or("/communication/wire_cpu_cv", {0, 10, "(a coefficient of variation)"}, 0);
  refuse_with_availability(c.wire_cpu_per_byte_s > 0, "wire_cpu_per_byte_s", "the wire's CPU load");
  c.handoff_s = r.number_or("/communication/handoff_s", {0, 1e3, "s"}, 0);
  c.send_delay_s = r.number_or("/communication/send_delay_s", {0, 1e3, "s"}, 0);
  c.send_delay_per_byte_s = r.number_or("/communication/send_delay_per_byte_s", {0, 1, "s/byte"}, 0);
  c.tcp_initial_window_bytes = r.number_or("/communication/tcp_initial_window_bytes", {0, 1e9, "bytes"}, 0);
  c.tcp_window_growth = r.number_or("/communication/tcp_window_growth", {1.25, 2, "per round trip"}, 2);
  refuse_with_availability(c.tcp_initial_window_bytes > 0, "tcp_initial_window_bytes", "TCP slow start");
  s.resolved["communication"] = {{"header_bytes", c.header_bytes},
                                 {"cpu_per_message_s", c.cpu_per_message_s},
                                 {"cpu_per_byte_s", c.cpu_per_byte_s},
                                 {"wire_cpu_per_byte_s", c.wire_cpu_per_byte_s},
                                 {"wire_cpu_max_share", c.wire_cpu_max_share},
                                 {"wire_cpu_send_fraction", c.wire_cpu_send_fraction},
                                 {"wire_cpu_send_fraction_backward", c.wire_cpu_send_fraction_backward},
                                 {"wire_cpu_cv", c.wire_cpu_cv},
                                 {"handoff_s", c.handoff_s},
                                 {"send_delay_s", c.send_delay_s},
                                 {"send_delay_per_byte_s", c.send_delay_per_byte_s},
                                 {"tcp_initial_window_bytes", c.tcp_initial_window_bytes},
                                 {"tcp_window_growth", c.tcp_window_growth}};
}

} // namespace pipar::sections
