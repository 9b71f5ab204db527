#include "app/speedtest_server_args.h"

#include <charconv>

#include "core/ip_address.h"

namespace ww {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const std::string example = " (e.g. 0.0.0.0:8081 or [::1]:8081)";
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Result<ListenAddress>::Error("\"" + std::string(text) + "\" is not [IPv6]:PORT" +
                                          example);
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return Result<ListenAddress>::Error("\"" + std::string(text) + "\" is not ADDRESS:PORT" +
                                          example);
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  const std::optional<IpAddress> ip = IpAddress::Parse(host);
  if (!ip || (text.front() == '[') == ip->is_v4()) {
    return Result<ListenAddress>::Error("\"" + std::string(host) +
                                        "\" is not a numeric IP address" + example);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return Result<ListenAddress>::Error("port \"" + std::string(port) + "\" is not 0-65535");
  }
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(value)};
}

}  // namespace ww
