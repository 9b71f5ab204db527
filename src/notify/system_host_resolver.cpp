// SystemHostResolver (declared in url_guard.h): the guard's one piece of I/O,
// kept apart so the guard's logic is tested with fake resolvers.
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>

#include "notify/socket_address.h"
#include "notify/url_guard.h"

namespace ww {
namespace {

Result<std::vector<IpAddress>> ResolveAll(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;      // A and AAAA: every one is judged
  hints.ai_socktype = SOCK_STREAM;  // one entry per address
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0) return Result<std::vector<IpAddress>>::Error(::gai_strerror(rc));
  const std::unique_ptr<addrinfo, void (*)(addrinfo*)> owner(found, ::freeaddrinfo);
  std::vector<IpAddress> addresses;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    if (entry->ai_addr == nullptr) continue;
    const std::optional<IpAddress> address = IpOfSocketAddress(entry->ai_addr);
    if (address && std::find(addresses.begin(), addresses.end(), *address) == addresses.end()) {
      addresses.push_back(*address);
    }
  }
  return addresses;
}

}  // namespace

HostResolver SystemHostResolver() { return ResolveAll; }

}  // namespace ww
