#include "probe/icmp_prober.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <cerrno>
#include <random>

#include "probe/icmp_packet.h"
#include "probe/icmp_prober_impl.h"

namespace ww {
namespace {

constexpr Duration kReopenAfter = std::chrono::seconds(30);
constexpr Duration kMinTimeout = std::chrono::milliseconds(1);

std::size_t FamilyIndex(IpAddress::Family f) { return f == IpAddress::Family::kV4 ? 0 : 1; }

// Errors an ICMP error reply leaves pending on a datagram socket (sk_err), which
// the kernel hands to the next sendto on that socket whatever its destination.
bool MayBePendingIcmpError(int err) {
  switch (err) {
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ECONNREFUSED:
    case EPROTO:
    case ENOPROTOOPT:
    case ENONET:
    case EOPNOTSUPP:
    case EMSGSIZE:
      return true;
    default:
      return false;
  }
}

IcmpProberOptions Sanitized(IcmpProberOptions options) {
  if (Status s = options.Validate(); !s.ok()) {
    spdlog::warn("icmp prober: {}; using the defaults", s.message());
    return IcmpProberOptions{};
  }
  return options;
}

}  // namespace

Status IcmpProberOptions::Validate() const {
  std::string problems;
  if (payload_size < icmp::kMinPayloadSize || payload_size > icmp::kMaxPayloadSize) {
    problems = "icmp payload_size " + std::to_string(payload_size) + " is outside [" +
               std::to_string(icmp::kMinPayloadSize) + ", " +
               std::to_string(icmp::kMaxPayloadSize) + "]";
  }
  if (socket_buffer_bytes < 4096) {
    if (!problems.empty()) problems += "; ";
    problems +=
        "icmp socket_buffer_bytes " + std::to_string(socket_buffer_bytes) + " is below 4096";
  }
  return problems.empty() ? Status::Ok() : Status::Error(problems);
}

IcmpProber::IcmpProber(boost::asio::io_context& io, const Clock& clock, IcmpProberOptions options)
    : impl_(std::make_unique<Impl>(io, clock, options)) {}
IcmpProber::~IcmpProber() = default;
bool IcmpProber::available() const { return impl_->available(); }
void IcmpProber::Start(const ProbeRequest& request, ProbeDone done) {
  impl_->Start(request, std::move(done));
}
IcmpCounters IcmpProber::counters() const { return impl_->counters(); }
std::optional<IcmpSocketKind> IcmpProber::socket_kind(IpAddress::Family family) const {
  return impl_->socket_kind(family);
}

IcmpProber::Impl::Impl(boost::asio::io_context& io, const Clock& clock, IcmpProberOptions options)
    : io_(io), clock_(clock), options_(Sanitized(options)), timer_(io) {
  std::random_device random;
  token_ = (static_cast<std::uint64_t>(random()) << 32) | random();
  identifier_base_ = static_cast<std::uint16_t>(random());
  default_slot_[0] = AddSlot(IpAddress::Family::kV4, "", std::nullopt);
  EnsureOpen(*slots_[default_slot_[0]]);
}

IcmpProber::Impl::~Impl() {
  alive_.reset();
  timer_.cancel();
}

bool IcmpProber::Impl::available() const { return slots_[default_slot_[0]]->socket != nullptr; }

IcmpCounters IcmpProber::Impl::counters() const {
  const auto get = [](const std::atomic<std::uint64_t>& c) {
    return c.load(std::memory_order_relaxed);
  };
  const IcmpAtomicCounters& c = counters_;
  return IcmpCounters{get(c.sent),           get(c.received),    get(c.timeouts),
                      get(c.late),           get(c.duplicates),  get(c.errors),
                      get(c.send_failures),  get(c.bad_replies), get(c.foreign),
                      get(c.clock_fallbacks)};
}

std::optional<IcmpSocketKind> IcmpProber::Impl::socket_kind(IpAddress::Family family) const {
  const std::size_t i = default_slot_[FamilyIndex(family)];
  if (i == kNoSlot || !slots_[i]->socket) return std::nullopt;
  return slots_[i]->socket->kind();
}

std::size_t IcmpProber::Impl::AddSlot(IpAddress::Family family, const std::string& device,
                                      const std::optional<IpAddress>& source) {
  auto slot = std::make_unique<IcmpSocketSlot>();
  slot->family = family;
  slot->bind_device = device;
  slot->source = source;
  // Raw sockets all see every reply: distinct identifiers keep them apart.
  slot->raw_identifier = static_cast<std::uint16_t>(identifier_base_ + slots_.size());
  slot->packet.resize(icmp::kIcmpHeaderSize + options_.payload_size);
  icmp::FillPayloadPattern(std::span(slot->packet).subspan(icmp::kIcmpHeaderSize));
  slots_.push_back(std::move(slot));
  return slots_.size() - 1;
}

bool IcmpProber::Impl::EnsureOpen(IcmpSocketSlot& slot) {
  if (slot.socket) return true;
  const MonoTime now = clock_.Now();
  if (now < slot.retry_at) return false;
  IcmpSocketOptions o;
  o.family = slot.family;
  o.mode = options_.socket_mode;
  o.bind_device = slot.bind_device;
  o.source = slot.source;
  o.buffer_bytes = options_.socket_buffer_bytes;
  // Room for a raw IPv4 error: outer IP (<= 60) + ICMP + quoted IP (<= 60) + ICMP + payload.
  o.max_message = options_.payload_size + 2 * (60 + icmp::kIcmpHeaderSize) + 64;
  o.raw_identifier = slot.raw_identifier;
  Result<std::unique_ptr<IcmpSocket>> opened = IcmpSocket::Open(io_, o);
  if (!opened.ok()) {
    if (opened.error() != slot.error) {  // one line per new problem, not per retry
      if (&slot == slots_[default_slot_[0]].get()) {
        spdlog::error("icmp prober unavailable, ICMP targets report 'unavailable': {}",
                      opened.error());
      } else {
        spdlog::warn("icmp prober: {}", opened.error());
      }
    }
    slot.error = opened.error();
    slot.retry_at = now + kReopenAfter;
    return false;
  }
  slot.socket = std::move(opened).value();
  slot.error.clear();
  spdlog::info("icmp prober: {} using a {} socket, identifier {}",
               slot.family == IpAddress::Family::kV4 ? "IPv4" : "IPv6",
               ToString(slot.socket->kind()), slot.socket->identifier());
  WaitReadable(slot);
  return true;
}

std::size_t IcmpProber::Impl::SlotFor(const ProbeRequest& request) {
  const IpAddress::Family family = request.address->family();
  std::size_t index = kNoSlot;
  if (request.bind_device.empty() && !request.source) {
    std::size_t& d = default_slot_[FamilyIndex(family)];
    if (d == kNoSlot) d = AddSlot(family, "", std::nullopt);
    index = d;
  } else {
    for (std::size_t i = 0; i < slots_.size() && index == kNoSlot; ++i) {
      const IcmpSocketSlot& s = *slots_[i];
      if (s.family == family && s.bind_device == request.bind_device &&
          s.source == request.source) {
        index = i;
      }
    }
    if (index == kNoSlot) index = AddSlot(family, request.bind_device, request.source);
  }
  return EnsureOpen(*slots_[index]) ? index : kNoSlot;
}

void IcmpProber::Impl::PostSample(ProbeDone done, const Sample& sample) {
  boost::asio::post(io_, [done = std::move(done), sample] { done(sample); });
}

std::uint32_t IcmpProber::Impl::AllocateProbe() {
  if (!free_probes_.empty()) {
    const std::uint32_t i = free_probes_.back();
    free_probes_.pop_back();
    return i;
  }
  probes_.emplace_back();
  return static_cast<std::uint32_t>(probes_.size() - 1);
}

void IcmpProber::Impl::Complete(std::uint32_t probe, const Sample& sample) {
  IcmpProbe& p = probes_[probe];
  ProbeDone done = std::move(p.done);
  p.done = nullptr;
  p.active = false;
  ++p.generation;
  free_probes_.push_back(probe);
  done(sample);
}

int IcmpProber::Impl::SendRequest(IcmpSocketSlot& slot, std::uint16_t seq, const IpAddress& to,
                                  std::int64_t stamp) {
  std::span<std::uint8_t> packet(slot.packet);
  icmp::WritePayloadHeader(packet.subspan(icmp::kIcmpHeaderSize), token_, stamp);
  // Datagram sockets overwrite the identifier with their port anyway.
  icmp::FinishEchoRequest(slot.family, packet, slot.socket->identifier(), seq);
  int err = slot.socket->Send(packet, to);
  if (err != 0 && slot.socket->has_error_queue() && MayBePendingIcmpError(err)) {
    // Likely an earlier error reply for another target (sk_err); the first
    // sendto consumed it, so a retry shows whether this destination fails too.
    err = slot.socket->Send(packet, to);
  }
  return err;
}

void IcmpProber::Impl::Start(const ProbeRequest& request, ProbeDone done) {
  Sample sample;
  sample.target = request.target;
  sample.round = request.round;
  if (!request.address) {
    sample.sent_at = clock_.WallNow();
    sample.error = ProbeError::kNoAddress;
    PostSample(std::move(done), sample);
    return;
  }
  const std::size_t slot_index = SlotFor(request);
  if (slot_index == kNoSlot) {
    sample.sent_at = clock_.WallNow();
    sample.error = ProbeError::kUnavailable;
    PostSample(std::move(done), sample);
    return;
  }
  IcmpSocketSlot* slot = slots_[slot_index].get();
  const std::uint32_t probe = AllocateProbe();
  const WallTime wall = clock_.WallNow();
  const MonoTime mono = clock_.Now();
  const std::int64_t stamp = wall.time_since_epoch().count();
  sample.sent_at = wall;
  const std::optional<std::uint16_t> seq = slot->seqs.Add(probe, stamp);
  const int err = seq ? SendRequest(*slot, *seq, *request.address, stamp) : EAGAIN;
  if (err != 0) {
    if (seq) slot->seqs.Close(*seq, /*answered=*/true, mono);
    free_probes_.push_back(probe);
    IcmpAtomicCounters::Bump(counters_.send_failures);
    if (!seq) spdlog::warn("icmp prober: all 65536 sequence numbers are waiting for replies");
    sample.error = ProbeError::kSendFailed;
    sample.code = err;
    PostSample(std::move(done), sample);
    return;
  }
  IcmpAtomicCounters::Bump(counters_.sent);
  IcmpProbe& p = probes_[probe];
  p.done = std::move(done);
  p.address = *request.address;
  p.sent_wall = wall;
  p.sent_mono = mono;
  p.round = request.round;
  p.target = request.target;
  p.slot = static_cast<std::uint32_t>(slot_index);
  p.seq = *seq;
  p.active = true;
  const MonoTime deadline = mono + std::max<Duration>(request.timeout, kMinTimeout);
  timeouts_.Push({deadline, probe, p.generation});
  ArmTimer(deadline);
}

void IcmpProber::Impl::ArmTimer(MonoTime deadline) {
  if (timer_deadline_ && *timer_deadline_ <= deadline) return;
  timer_deadline_ = deadline;
  // Relative, so any ww::Clock drives it; cancels (operation_aborted) a later wait.
  timer_.expires_after(deadline - clock_.Now());
  timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
    if (ec == boost::asio::error::operation_aborted || alive.expired()) return;
    OnTimer();
  });
}

void IcmpProber::Impl::OnTimer() {
  timer_deadline_.reset();
  const MonoTime now = clock_.Now();
  while (!timeouts_.empty() && timeouts_.top().deadline <= now) {
    const IcmpTimeoutQueue::Entry e = timeouts_.top();
    timeouts_.Pop();
    IcmpProbe& p = probes_[e.probe];
    if (!p.active || p.generation != e.generation) continue;  // answered already
    slots_[p.slot]->seqs.Close(p.seq, /*answered=*/false, now);
    IcmpAtomicCounters::Bump(counters_.timeouts);
    Sample sample;
    sample.target = p.target;
    sample.round = p.round;
    sample.sent_at = p.sent_wall;
    sample.error = ProbeError::kTimeout;
    Complete(e.probe, sample);
  }
  // Answered probes' entries would each cost a wakeup at their old deadline:
  // drop them here so the timer is set for a probe still waiting.
  while (!timeouts_.empty()) {
    const IcmpTimeoutQueue::Entry& e = timeouts_.top();
    const IcmpProbe& p = probes_[e.probe];
    if (p.active && p.generation == e.generation) break;
    timeouts_.Pop();
  }
  if (!timeouts_.empty()) ArmTimer(timeouts_.top().deadline);
}

}  // namespace ww
