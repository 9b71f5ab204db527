// Reading and matching replies for IcmpProber (see icmp_prober.h for outcomes).
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <cstring>

#include "probe/icmp_packet.h"
#include "probe/icmp_prober_impl.h"

namespace ww {
namespace {

// Batches read per wakeup before yielding to other handlers; the rest is read
// from a posted continuation (an edge-triggered wait would not fire for it).
constexpr int kMaxBatchesPerWakeup = 16;
constexpr Duration kClockTolerance = std::chrono::milliseconds(1);

}  // namespace

void IcmpProber::Impl::WaitReadable(IcmpSocketSlot& slot) {
  slot.socket->descriptor().async_wait(
      boost::asio::posix::stream_descriptor::wait_read,
      [this, s = &slot, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted || alive.expired()) return;
        if (ec) {
          spdlog::error("icmp prober: waiting on the ICMP socket failed: {}", ec.message());
          return;
        }
        OnReadable(*s);
      });
}

void IcmpProber::Impl::OnReadable(IcmpSocketSlot& slot) {
  IcmpSocket& socket = *slot.socket;
  bool drained = false;
  bool failed = false;
  for (int batch = 0; batch < kMaxBatchesPerWakeup && !drained; ++batch) {
    const int n = socket.Receive(/*error_queue=*/false);
    const MonoTime now = clock_.Now();
    if (n < 0) {
      // A datagram socket reports a queued ICMP error once as the errno of the
      // next receive; the error itself waits on the error queue.
      if (!socket.has_error_queue() || failed) {
        spdlog::warn("icmp prober: receiving failed: {}", std::strerror(-n));
        drained = true;
      }
      failed = true;
      DrainErrorQueue(slot, now);
      continue;
    }
    failed = false;
    for (const IcmpReceived& message : socket.received()) HandleMessage(slot, message, now);
    drained = static_cast<std::size_t>(n) < socket.batch_size();
  }
  if (socket.has_error_queue()) DrainErrorQueue(slot, clock_.Now());
  if (drained) {
    WaitReadable(slot);
  } else {
    boost::asio::post(io_, [this, s = &slot, alive = std::weak_ptr<bool>(alive_)] {
      if (!alive.expired()) OnReadable(*s);
    });
  }
}

void IcmpProber::Impl::DrainErrorQueue(IcmpSocketSlot& slot, MonoTime now) {
  IcmpSocket& socket = *slot.socket;
  if (!socket.has_error_queue()) return;
  for (int batch = 0; batch < kMaxBatchesPerWakeup; ++batch) {
    const int n = socket.Receive(/*error_queue=*/true);
    if (n <= 0) return;
    for (const IcmpReceived& message : socket.received()) HandleMessage(slot, message, now);
  }
}

double IcmpProber::Impl::RttMs(const IcmpProbe& probe, const std::optional<WallTime>& kernel_time,
                               MonoTime now) {
  const Duration mono = std::max<Duration>(now - probe.sent_mono, Duration::zero());
  if (kernel_time) {
    // The kernel time can only be earlier than our processing; allow for the
    // two clocks being read at different instants and NTP slewing (500 ppm).
    const Duration kernel = *kernel_time - probe.sent_wall;
    if (kernel >= Duration::zero() && kernel <= mono + kClockTolerance + mono / 1000) {
      return ToMillis(kernel);
    }
  }
  IcmpAtomicCounters::Bump(counters_.clock_fallbacks);
  return ToMillis(mono);
}

std::optional<icmp::ParsedMessage> IcmpProber::Impl::Parse(const IcmpSocketSlot& slot,
                                                           const IcmpReceived& message) {
  const icmp::Framing framing =
      slot.socket->includes_ip_header() ? icmp::Framing::kIpv4Header : icmp::Framing::kIcmpOnly;
  Result<icmp::ParsedMessage> parsed = message.from_error_queue
                                           ? icmp::ParseQuotedRequest(slot.family, message.data)
                                           : icmp::ParseMessage(slot.family, framing, message.data);
  if (!parsed.ok()) {
    IcmpAtomicCounters::Bump(counters_.bad_replies);
    spdlog::debug("icmp prober: ignoring a message from {}: {}", message.peer.ToString(),
                  parsed.error());
    return std::nullopt;
  }
  icmp::ParsedMessage& m = parsed.value();
  if (message.from_error_queue) {
    if (!message.icmp_error) return std::nullopt;  // a local error: sendto reported it already
    m.type = message.error_type;
    m.code = message.error_code;
    m.original_destination = message.peer;
  }
  if (m.kind == icmp::MessageKind::kOther) return std::nullopt;
  return m;
}

std::uint32_t IcmpProber::Impl::MatchProbe(IcmpSocketSlot& slot, const icmp::ParsedMessage& m,
                                           const IpAddress& peer, MonoTime now) {
  const std::optional<icmp::PayloadHeader> header = icmp::ReadPayloadHeader(m.payload);
  const bool reply = m.kind == icmp::MessageKind::kEchoReply;
  // Raw sockets see every pinger's replies: identifier and token tell ours.
  if (m.id != slot.socket->identifier() || (header && header->token != token_) ||
      (reply && !header)) {
    IcmpAtomicCounters::Bump(counters_.foreign);
    return IcmpSeqMap::kNoProbe;
  }
  const std::optional<std::int64_t> stamp =
      header ? std::optional<std::int64_t>(header->stamp) : std::nullopt;
  const IcmpSeqMap::Found found = slot.seqs.Find(m.seq, stamp, now);
  if (found.match != IcmpSeqMap::Match::kPending) {
    IcmpAtomicCounters::Bump(found.match == IcmpSeqMap::Match::kLate        ? counters_.late
                             : found.match == IcmpSeqMap::Match::kDuplicate ? counters_.duplicates
                                                                            : counters_.foreign);
    return IcmpSeqMap::kNoProbe;
  }
  // An echo reply must come from the target; an error must quote a request to it.
  const IpAddress& target = probes_[found.probe].address;
  const bool right_peer =
      reply ? peer == target : (!m.original_destination || *m.original_destination == target);
  if (!right_peer) {
    IcmpAtomicCounters::Bump(counters_.foreign);
    return IcmpSeqMap::kNoProbe;
  }
  return found.probe;
}

void IcmpProber::Impl::HandleMessage(IcmpSocketSlot& slot, const IcmpReceived& message,
                                     MonoTime now) {
  const std::optional<icmp::ParsedMessage> m = Parse(slot, message);
  if (!m) return;
  const std::uint32_t index = MatchProbe(slot, *m, message.peer, now);
  if (index == IcmpSeqMap::kNoProbe) return;
  const IcmpProbe& probe = probes_[index];
  Sample sample;
  sample.target = probe.target;
  sample.round = probe.round;
  sample.sent_at = probe.sent_wall;
  sample.rtt_ms = RttMs(probe, message.kernel_time, now);
  if (m->kind == icmp::MessageKind::kError) {
    sample.error = ProbeError::kUnreachable;
    sample.code = m->type * 256 + m->code;
    IcmpAtomicCounters::Bump(counters_.errors);
  } else if (m->payload.size() != options_.payload_size ||
             !icmp::PayloadPatternIntact(m->payload)) {
    sample.error = ProbeError::kBadReply;
    IcmpAtomicCounters::Bump(counters_.bad_replies);
  } else {
    sample.ok = true;
    IcmpAtomicCounters::Bump(counters_.received);
  }
  slot.seqs.Close(m->seq, /*answered=*/true, now);
  Complete(index, sample);
}

}  // namespace ww
