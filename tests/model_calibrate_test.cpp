// Calibration: the fit recovers a known speed and overhead from synthetic measurements generated
// here, exactly without noise and within a bound with noise; on units of different throughput its
// fitted times add up to the measured total and its overhead is what the small tasks cost.
#include "model/calibrate.hpp"
#include "model/measured.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace pipar;

namespace {
/// A measured profile whose seconds follow time per task = b * flop / speed + overhead exactly.
Profile synthetic_measured(double speed, double overhead, int batch) {
  Profile p;
  p.model = "synthetic";
  p.dataset = "cifar10";
  p.measured_class = "test_cpu";
  p.measured_batch_size = batch;
  const double fwd[] = {2e6, 9.5e6, 4.75e6, 1.05e6, 2.6e3};
  for (int i = 0; i < 5; ++i) {
    SplitUnit u;
    u.name = "u" + std::to_string(i + 1);
    u.forward_flops = fwd[i];
    u.backward_flops = 2 * fwd[i] + 1e5 * i; // not a multiple of forward: independent observations
    u.forward_seconds = (batch * u.forward_flops / speed + overhead) / batch;
    u.backward_seconds = (batch * u.backward_flops / speed + overhead) / batch;
    p.units.push_back(u);
  }
  return p;
}
} // namespace

TEST_CASE("calibration recovers speed and overhead exactly from noiseless data", "[model][calibrate]") {
  const double speed = 3.7e10, overhead = 2.5e-3;
  const Profile p = synthetic_measured(speed, overhead, 100);
  const auto obs = observations_from_profile(p, "synthetic.json");
  REQUIRE(obs.size() == 10);
  CHECK(obs[0].flop == 100 * 2e6);
  CHECK(obs[0].seconds == Approx(100 * 2e6 / speed + overhead).epsilon(1e-12));
  const CalibrationFit fit = fit_speed_overhead(obs);
  CHECK(fit.speed_flops == Approx(speed).epsilon(1e-9));
  CHECK(fit.overhead_s == Approx(overhead).epsilon(1e-9));
  CHECK_FALSE(fit.overhead_clamped);
  CHECK(fit.rms_residual_s < 1e-12);
  CHECK(fit.max_relative_error < 1e-9);
  CHECK(fit.r_squared == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("calibration with 5% multiplicative noise stays close to the truth", "[model][calibrate]") {
  const double speed = 2e10, overhead = 4e-3;
  Profile p = synthetic_measured(speed, overhead, 100);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> noise(-0.05, 0.05);
  for (auto& u : p.units) {
    u.forward_seconds *= 1 + noise(rng);
    u.backward_seconds *= 1 + noise(rng);
  }
  const auto obs = observations_from_profile(p, "noisy.json");
  const CalibrationFit fit = fit_speed_overhead(obs);
  CHECK(std::abs(fit.speed_flops / speed - 1) < 0.05);
  CHECK(std::abs(fit.overhead_s - overhead) < 1e-3);
  // Every observation is off by at most 5% from the truth, so the fit is within ~10% of each.
  CHECK(fit.max_relative_error < 0.12);
  CHECK(fit.max_relative_error > 0);
}

TEST_CASE("a negative fitted overhead is clamped to zero and the speed keeps the total", "[model][calibrate]") {
  // seconds = flop / 1e9 - 0.01 exactly: the fit gives overhead -0.01.
  std::vector<TaskObservation> obs = {{"a", 1e8, 0.09}, {"b", 2e8, 0.19}, {"c", 4e8, 0.39}};
  const CalibrationFit fit = fit_speed_overhead(obs);
  CHECK(fit.overhead_clamped);
  CHECK(fit.unconstrained_overhead_s == Approx(-0.01));
  CHECK(fit.overhead_s == 0);
  CHECK(fit.speed_flops == Approx(7e8 / 0.67)); // sum of flop / sum of seconds
}

TEST_CASE("calibration over units of different throughput: the total holds, the overhead is the small "
          "tasks' cost",
          "[model][calibrate]") {
  // Three units at 1e10 flop/s, one at 1e9 (a first convolution, a dense layer through a generic
  // BLAS), and a tiny unit, all with 20 us per task.
  const double c = 20e-6;
  const std::vector<TaskObservation> obs = {{"conv2", 4e8, 4e8 / 1e10 + c}, {"conv3", 2e8, 2e8 / 1e10 + c},
                                            {"conv4", 1e8, 1e8 / 1e10 + c}, {"conv1", 1e8, 1e8 / 1e9 + c},
                                            {"fc", 1e4, 1e4 / 1e10 + c}};
  const CalibrationFit fit = fit_speed_overhead(obs);
  double measured = 0, fitted = 0;
  for (size_t i = 0; i < obs.size(); ++i) {
    measured += obs[i].seconds;
    fitted += fit.predicted_s[i];
  }
  CHECK(fitted == Approx(measured).epsilon(1e-12));
  // The tiny task is fitted within 10% of its 21 us; an ordinary least-squares intercept would put
  // 27 ms there (1,300 times its time).
  CHECK(std::abs(fit.predicted_s[4] / obs[4].seconds - 1) < 0.1);
  CHECK(fit.overhead_s < 2 * c);
}

TEST_CASE("calibration: a task timed at 0 counts in the totals only", "[model][calibrate]") {
  const CalibrationFit fit =
      fit_speed_overhead({{"a", 1e8, 0.01 + 1e-3}, {"b", 3e8, 0.03 + 1e-3}, {"flatten", 0, 0.0}});
  CHECK(fit.overhead_s == Approx(1e-3).epsilon(1e-9));
  CHECK(fit.speed_flops == Approx(4e8 / (0.042 - 3e-3)).epsilon(1e-12)); // sum of flop / (total - 3 overheads)
}

TEST_CASE("calibration rejects profiles and data it cannot fit", "[model][calibrate]") {
  Profile analytic = synthetic_measured(1e10, 0, 10);
  analytic.measured_class.clear();
  CHECK_THROWS_WITH(observations_from_profile(analytic, "a.json"), Catch::Contains("a.json: /measured"));
  Profile no_flop = synthetic_measured(1e10, 0, 10);
  for (auto& u : no_flop.units)
    u.forward_flops = u.backward_flops = 0;
  CHECK_THROWS_WITH(observations_from_profile(no_flop, "b.json"), Catch::Contains("no flop counts"));
  CHECK_THROWS(fit_speed_overhead({{"a", 1e6, 1.0}}));
  CHECK_THROWS(fit_speed_overhead({{"a", 1e6, 1.0}, {"b", 1e6, 2.0}}));
  CHECK_THROWS(fit_speed_overhead({{"a", 1e6, 1.0}, {"b", 2e6, -2.0}}));
  // Time falling as flop grow: no speed describes that.
  CHECK_THROWS_WITH(fit_speed_overhead({{"a", 1e6, 2.0}, {"b", 2e6, 1.0}, {"c", 4e6, 0.5}}),
                    Catch::Contains("does not grow with flop"));
}

TEST_CASE("measured_as_flops turns measured seconds into flop at the class speed", "[model][measured]") {
  const double speed = 5e9, overhead = 0.02;
  const Profile p = synthetic_measured(speed, overhead, 50);
  const Profile q = measured_as_flops(p, speed);
  for (size_t i = 0; i < p.units.size(); ++i) {
    // Overhead left in: per-sample flop = (b * flop / speed + overhead) / b * speed.
    CHECK(q.units[i].forward_flops == Approx(p.units[i].forward_flops + overhead / 50 * speed));
    CHECK(q.units[i].forward_seconds == p.units[i].forward_seconds);
  }
  // Overhead taken out: the flop counts that generated the seconds come back.
  const Profile r = measured_as_flops(p, speed, overhead);
  for (size_t i = 0; i < p.units.size(); ++i) {
    CHECK(r.units[i].forward_flops == Approx(p.units[i].forward_flops));
    CHECK(r.units[i].backward_flops == Approx(p.units[i].backward_flops));
  }
  // A device twice as fast runs the converted profile in half the measured time.
  CHECK(q.units[0].forward_flops / (2 * speed) == Approx(p.units[0].forward_seconds / 2));
  Profile analytic = p;
  analytic.measured_class.clear();
  CHECK_THROWS_WITH(measured_as_flops(analytic, speed), Catch::Contains("not a measured profile"));
  CHECK_THROWS(measured_as_flops(p, 0));
}

namespace {
/// A profile with timing tables at 4 sizes whose times follow m x (multiply-add flop / v +
/// element-wise flop / e) + overhead exactly, the units' MACs known.
Profile synthetic_two_rate(double v, double e, double overhead) {
  Profile p;
  p.model = "synthetic";
  p.measured_class = "test_cpu";
  const double macs[] = {0.9e6, 4.7e6, 2.4e6, 0.5e6, 1.3e3};
  const double elem[] = {2.3e5, 1.1e5, 2.5e4, 128, 10};
  for (int i = 0; i < 5; ++i) {
    SplitUnit u;
    u.name = "u" + std::to_string(i + 1);
    u.forward_macs = macs[i];
    u.forward_flops = 2 * macs[i] + elem[i];
    u.backward_flops = (i == 0 ? 1 : 2) * u.forward_flops;
    const double w = u.elementwise_share();
    for (double m : {10.0, 25.0, 50.0, 100.0}) {
      u.device_timing.m.push_back(m);
      u.device_timing.forward_s.push_back(m * u.forward_flops * ((1 - w) / v + w / e) + overhead);
      u.device_timing.backward_s.push_back(m * u.backward_flops * ((1 - w) / v + w / e) + overhead);
    }
    p.units.push_back(u);
  }
  return p;
}
} // namespace

TEST_CASE("two rates: the fit recovers both rates and the overhead exactly from noiseless data",
          "[model][calibrate]") {
  const double v = 1.3e11, e = 2.2e9, overhead = 2e-5;
  const auto obs = observations_from_profile(synthetic_two_rate(v, e, overhead), "two_rate.json");
  REQUIRE(obs.size() == 40);
  CHECK(obs[0].elementwise_flop == Approx(10 * 2.3e5).epsilon(1e-12)); // u1 forward at m = 10
  CHECK(obs[1].elementwise_flop == Approx(10 * 2.3e5).epsilon(1e-12)); // its backward: the same share
  const CalibrationFit fit = fit_two_rates(obs);
  CHECK(fit.speed_flops == Approx(v).epsilon(1e-9));
  CHECK(fit.elementwise_flops == Approx(e).epsilon(1e-9));
  CHECK(fit.overhead_s == Approx(overhead).epsilon(1e-9));
  CHECK(fit.r_squared == Approx(1.0).epsilon(1e-12));
  // One rate cannot: it leaves a residual on the same data.
  CHECK(fit_speed_overhead(obs).max_relative_error > 0.1);
  double total = 0, fitted = 0;
  for (size_t i = 0; i < obs.size(); ++i) {
    total += obs[i].seconds;
    fitted += fit.predicted_s[i];
  }
  CHECK(fitted == Approx(total).epsilon(1e-12));
}

TEST_CASE("two rates: with noise the fitted times still add up to the total; unknown MACs are refused",
          "[model][calibrate]") {
  auto obs = observations_from_profile(synthetic_two_rate(1e11, 3e9, 0), "two_rate.json");
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> noise(0.95, 1.05);
  double total = 0;
  for (auto& o : obs) {
    o.seconds *= noise(rng);
    total += o.seconds;
  }
  const CalibrationFit fit = fit_two_rates(obs);
  double fitted = 0;
  for (double t : fit.predicted_s)
    fitted += t;
  CHECK(fitted == Approx(total).epsilon(1e-12));
  CHECK(fit.overhead_s >= 0);
  CHECK(fit.speed_flops == Approx(1e11).epsilon(0.1));
  CHECK(fit.elementwise_flops == Approx(3e9).epsilon(0.1));
  obs[3].elementwise_flop = -1; // a unit whose MACs are not known
  CHECK_THROWS_AS(fit_two_rates(obs), std::invalid_argument);
  Profile p = synthetic_two_rate(1e11, 3e9, 0);
  for (auto& u : p.units)
    u.forward_macs = -1;
  CHECK_THROWS_AS(fit_two_rates(observations_from_profile(p, "no_macs.json")), std::invalid_argument);
}

TEST_CASE("two rates: tasks timed at 0 leave too few to fit, an error and not a crash", "[model][calibrate]") {
  auto obs = observations_from_profile(synthetic_two_rate(1e11, 3e9, 0), "two_rate.json");
  REQUIRE(obs.size() >= 3);
  for (auto& o : obs) // below the clock's resolution: they count in the totals only
    o.seconds = 0;
  CHECK_THROWS_WITH(fit_two_rates(obs), Catch::Contains("at least 3 tasks timed above 0"));
  obs[0].seconds = obs[1].seconds = 1e-3; // two timed tasks for three unknowns
  CHECK_THROWS_WITH(fit_two_rates(obs), Catch::Contains("at least 3 tasks timed above 0"));
  CHECK_THROWS_AS(fit_speed_overhead({{"a", 1e9, 0}, {"b", 2e9, 0}}), std::invalid_argument);
}

TEST_CASE("the optimizer step from the tables' steps: flop per parameter and seconds per tensor back",
          "[model][calibrate]") {
  Profile p = synthetic_two_rate(1e11, 3e9, 0);
  const double v = 5e10, f = 30, c = 2e-5;
  const std::uint64_t params[] = {960, 18624, 37056, 524416, 1290};
  const int tensors[] = {4, 4, 4, 2, 2};
  for (size_t i = 0; i < p.units.size(); ++i) {
    p.units[i].parameters = params[i];
    p.units[i].parameter_tensors = tensors[i];
    p.units[i].device_timing.step_s = f * double(params[i]) / v + c * tensors[i];
  }
  OptimizerFit fit = fit_optimizer_step(p, v);
  CHECK(fit.steps == 5);
  CHECK(fit.flops_per_parameter == Approx(f).epsilon(1e-9));
  CHECK(fit.fixed_s_per_tensor == Approx(c).epsilon(1e-9));
  CHECK(fit.rms_residual_s < 1e-12);
  // Steps that shrink with the parameters: the per-parameter cost would be negative, so it is 0 and
  // the per-tensor cost alone fits them.
  for (size_t i = 0; i < p.units.size(); ++i)
    p.units[i].device_timing.step_s = 1e-4 * tensors[i] - 1e-10 * double(params[i]);
  fit = fit_optimizer_step(p, v);
  CHECK(fit.flops_per_parameter == 0);
  CHECK(fit.fixed_s_per_tensor > 0);
  // Fewer than two measured steps: nothing fitted.
  for (auto& u : p.units)
    u.device_timing.step_s = -1;
  p.units[0].device_timing.step_s = 1e-4;
  CHECK(fit_optimizer_step(p, v).steps == 0);
}
