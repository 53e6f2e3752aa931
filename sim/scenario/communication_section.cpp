// "communication": what a message costs beyond bytes / bandwidth (eval/comm_costs.hpp). Every field
// defaults to 0; the resolved scenario records the section only when the scenario gives it.
//   header_bytes        framing bytes added to every message (both directions)
//   cpu_per_message_s   CPU seconds per message on the sender's and on the receiver's compute lane
//   cpu_per_byte_s      CPU seconds per byte, likewise
//   handoff_s           a compute task starts this long after a dependency on another lane ends
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_communication(const JsonReader& r, Scenario& s) {
  if (!r.has("/communication"))
    return;
  r.allow_only("/communication", {"header_bytes", "cpu_per_message_s", "cpu_per_byte_s", "handoff_s"});
  CommSpec& c = s.comm;
  c.header_bytes = r.number_or("/communication/header_bytes", {0, 1e9, "bytes"}, 0);
  c.cpu_per_message_s = r.number_or("/communication/cpu_per_message_s", {0, 1e3, "s"}, 0);
  c.cpu_per_byte_s = r.number_or("/communication/cpu_per_byte_s", {0, 1, "s/byte"}, 0);
  c.handoff_s = r.number_or("/communication/handoff_s", {0, 1e3, "s"}, 0);
  s.resolved["communication"] = {{"header_bytes", c.header_bytes},
                                 {"cpu_per_message_s", c.cpu_per_message_s},
                                 {"cpu_per_byte_s", c.cpu_per_byte_s},
                                 {"handoff_s", c.handoff_s}};
}

} // namespace pipar::sections
