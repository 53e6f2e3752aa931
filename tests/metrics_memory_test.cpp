// Memory per device and per server replica against a hand computation on the synthetic profile
// (per sample: input 12288 B; unit outputs 16384, 4096, 2048, 40 B; parameters 1000, 20000,
// 300000, 5000, float32): 3 x parameter bytes (weights, gradients, momentum) + stashed activations.
#include "metrics/metrics.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("memory: parameters, gradients, momentum and the activations in flight", "[metrics][memory]") {
  auto j = test::base_scenario(2);
  j["split"] = {{"split_point", 2}, {"micro_batches", 4}};
  const Scenario s = test::make(j);
  const double dev_state = 3 * 4 * (1000 + 20000.0), srv_state = 3 * 4 * (300000 + 5000.0);
  const double dev_acts = 12288 + 16384 + 4096, srv_acts = 4096 + 2048 + 40; // input of the half + its outputs

  // PiPar: all N = 4 micro-batches (100 samples) stashed on the device; one micro-batch (25) per replica.
  const MemoryUse pipar = pipar_memory(s);
  REQUIRE(pipar.device_bytes.size() == 2);
  REQUIRE(pipar.replica_bytes.size() == 2);
  CHECK(pipar.device_peak() == dev_state + 100 * dev_acts);
  CHECK(pipar.replica_peak() == srv_state + 25 * srv_acts);
  CHECK(pipar.server_total() == 2 * (srv_state + 25 * srv_acts));
  // SplitFed: the whole batch on both sides.
  CHECK(sfl_memory(s).replica_peak() == srv_state + 100 * srv_acts);
  CHECK(sfl_memory(s).device_peak() == pipar.device_peak());
  // SL: one server-side model.
  CHECK(sl_memory(s).replica_bytes.size() == 1);
  CHECK(sl_memory(s).server_total() == srv_state + 100 * srv_acts);
  // FL: the whole model on the device, no replica.
  const MemoryUse fl = fl_memory(s);
  CHECK(fl.device_peak() == 3 * 4 * 326000.0 + 100 * (12288 + 16384 + 4096 + 2048 + 40.0));
  CHECK(fl.replica_bytes.empty());
  CHECK(fl.server_total() == 0);

  // The registry hands each scheduler's formula to the metrics.
  Metrics m;
  add_scheduler_metrics(m, *find_scheduler("pipar"), build_pipar(s), s);
  CHECK(m.memory_device_peak_bytes == pipar.device_peak());
  CHECK(m.memory_replica_peak_bytes == pipar.replica_peak());
  CHECK(m.memory_server_bytes == pipar.server_total());
  CHECK(m.dp_extra_device_flop == 0);
  CHECK(m.memory_devices_over_limit == 0);

  // A device with less memory than PiPar needs is counted; FL needs more still.
  j["devices"]["memory_bytes"] = pipar.device_peak() - 1;
  const Scenario tight = test::make(j);
  add_scheduler_metrics(m, *find_scheduler("pipar"), build_pipar(tight), tight);
  CHECK(m.memory_devices_over_limit == 2);
  j["devices"]["memory_bytes"] = pipar.device_peak();
  const Scenario fits = test::make(j);
  add_scheduler_metrics(m, *find_scheduler("pipar"), build_pipar(fits), fits);
  CHECK(m.memory_devices_over_limit == 0);
  add_scheduler_metrics(m, *find_scheduler("fl"), build_fl(fits), fits);
  CHECK(m.memory_devices_over_limit == 2);
}
