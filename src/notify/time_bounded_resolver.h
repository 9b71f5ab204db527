#pragma once
// A HostResolver that answers within a time limit. getaddrinfo can block for
// resolv.conf's timeout × attempts × servers (30 s is common), and the guard
// resolves on an HTTP thread (PUT /api/alerts) and on the notifier's thread
// before curl's own timeouts start: neither should wait that long. Past the
// limit the answer is an error, which the guard treats as "does not resolve
// yet" (accepted at PUT, refused at send, so nothing is sent unchecked).
//
// The lookup itself cannot be interrupted: it goes on in a detached thread that
// holds everything it uses and ends when getaddrinfo returns.
//
// Thread safety: the returned resolver may be called from any thread if
// `inner` may.

#include <chrono>

#include "notify/url_guard.h"

namespace ww {

HostResolver TimeBoundedResolver(HostResolver inner, std::chrono::milliseconds limit);

}  // namespace ww
