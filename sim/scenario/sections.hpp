// The scenario reader, one function per top-level section, each in its own file
// (scenario/<section>_section.cpp). Each reads its part of the JSON, fills its part of the Scenario
// and of Scenario::resolved (the effective values, in the units the user writes).
// Order matters: model first (others validate against the profile), then the platform (devices
// and server; it peeks at training.batch_size to bound per-group micro-batches), then training, then split.
#pragma once
#include "core/json_read.hpp"
#include "scenario/scenario.hpp"

namespace pipar::sections {

void read_model(const JsonReader& r, Scenario& s);
void read_platform(const JsonReader& r, Scenario& s); ///< "devices" and "server", or "platform"
void read_training(const JsonReader& r, Scenario& s);
void read_split(const JsonReader& r, Scenario& s);
void read_schedulers(const JsonReader& r, Scenario& s);
void read_privacy(const JsonReader& r, Scenario& s);
void read_communication(const JsonReader& r, Scenario& s);

} // namespace pipar::sections
