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
void read_availability(const JsonReader& r, Scenario& s);

/// --set model.arch=A (or model.dataset=D) on a scenario that names a model.profile: the profile is
/// replaced by the zoo's A/D, the other half taken from the profile's own "model" / "dataset" (so
/// `--grid model.arch=vgg5,vgg16` works on a profile-based scenario). `overrides` as given to
/// load_scenario. No-op otherwise.
void switch_profile_to_zoo(nlohmann::json& j, const std::string& file, const std::vector<std::string>& overrides);
void read_communication(const JsonReader& r, Scenario& s);
void read_variability(const JsonReader& r, Scenario& s);

} // namespace pipar::sections
