#include "responder.h"

#include "control_command.h"

namespace ww::lab {

Responder::Responder(EventLoop& loop, ResponderOptions options)
    : loop_(loop),
      options_(std::move(options)),
      state_(loop, options_.seed),
      icmp_(state_),
      tcp_(state_, options_.tcp_ports, options_.seed),
      dns_(state_, options_.dns_port, options_.dns_answer),
      http_(state_, options_.http_port),
      control_(loop, options_.control_path, [this](const std::string& l) { return Execute(l); }) {}

Status Responder::Start() {
  for (std::uint16_t p : options_.tcp_ports) {
    if (p == options_.http_port) {
      return Status::Error("tcp port " + std::to_string(p) + " is also the http port");
    }
  }
  if (options_.icmp) {
    if (Status s = icmp_.Start(); !s) return s;
  }
  for (Status s : {tcp_.Start(), dns_.Start(), http_.Start(), control_.Start()}) {
    if (!s) return s;
  }
  return Status::Ok();
}

std::string Responder::Execute(const std::string& line) {
  auto parsed = ParseControlCommand(line);
  if (!parsed) return "error: " + parsed.error();
  const ControlCommand& c = *parsed;
  const MonoTime now = loop_.clock().Now();
  switch (c.kind) {
    case ControlCommand::Kind::kPing:
      return "pong";
    case ControlCommand::Kind::kStats:
      return state_.StatsJson();
    case ControlCommand::Kind::kRules:
      return "ok " + state_.impairments().Describe(now);
    case ControlCommand::Kind::kReset:
      state_.Reset();
      return "ok reset";
    case ControlCommand::Kind::kImpair:
      break;
  }
  RuleChange change;
  change.delay_ms = c.delay_ms;
  change.loss_pct = c.loss_pct;
  if (c.down_ms) {
    change.down_until =
        *c.down_ms < 0 ? MonoTime::max() : now + std::chrono::milliseconds(*c.down_ms);
  }
  change.clear_down = c.up;
  if (c.delay_ms || c.loss_pct || c.down_ms || c.up) {
    state_.impairments().Apply(c.protocol, c.target, change);
  }
  if (c.dns_mode) state_.set_dns_mode(c.target, *c.dns_mode);
  if (c.http_status) state_.set_http_status(c.target, *c.http_status);
  return "ok " + state_.impairments().Describe(now);
}

}  // namespace ww::lab
