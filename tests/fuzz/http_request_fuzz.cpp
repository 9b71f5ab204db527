// Bytes → Beast's request parser (with the server's limits) → framing check →
// ww::HttpRequest → security layer (CORS, CIDR gate with X-Forwarded-For, API
// key, limiters) → router and query validation → Beast response → wire bytes.
// In memory, no sockets, like Beast 1.74's test/fuzz/http_request.cpp, plus
// our conversion.
#include <cstdint>
#include <sstream>
#include <string_view>

#include <boost/beast/http/write.hpp>

#include "http/beast_message.h"
#include "http/pipeline.h"
#include "http/query_params.h"
#include "http/router.h"
#include "http/security_layer.h"

namespace {

ww::Router MakeRouter() {
  ww::Router router;
  router.Get("/api/history", [](const ww::HttpRequest& r) {
    auto minutes = ww::QueryInt(r, "minutes", 1, 10080, 15);
    if (!minutes.ok()) return ww::BadRequest(minutes.status());
    return ww::HttpResponse::Json(200, std::to_string(*minutes));
  });
  router.AddPrefix("GET", "/logs/", [](const ww::HttpRequest& r) {
    return ww::HttpResponse{
        200, "text/html", r.path, {{"X-Echo", r.Header("x-echo").value_or("")}}};
  });
  router.Add("POST", "/echo",
             [](const ww::HttpRequest& r) { return ww::HttpResponse::Json(200, r.body); });
  return router;
}

// The peer below (192.0.2.1) is a trusted proxy, so X-Forwarded-For is parsed.
ww::SecurityOptions MakeSecurityOptions() {
  ww::SecurityOptions o;
  o.api_key = "fuzz-key-0123456789abcdef0123456789";
  o.rate_limit_per_minute = 3;
  o.auth_failures_per_minute = 2;
  o.cors_origins = {"https://app.example"};
  o.allowed_networks = {*ww::Cidr::Parse("10.0.0.0/8"), *ww::Cidr::Parse("fc00::/7")};
  o.trusted_proxies = {*ww::Cidr::Parse("192.0.2.0/24"), *ww::Cidr::Parse("10.1.0.0/16")};
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ww::Router router = MakeRouter();  // immutable after construction
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ww::BeastRequestParser parser;
  ww::ApplyLimits(parser, ww::RequestLimits{64 << 10, 8 << 10});
  const boost::beast::error_code ec = ww::ParseInMemory(parser, bytes);
  if (ec) {
    (void)ww::ResponseForReadError(ec);
    return 0;
  }
  const ww::BeastRequest& request = parser.get();
  std::ostringstream wire;
  if (auto refused = ww::CheckRequestHeader(parser)) {
    wire << ww::ToBeastResponse(std::move(*refused), request.version(), false, false);
    return 0;
  }
  auto converted = ww::ToHttpRequest(request, "::ffff:192.0.2.1");
  if (!converted.ok()) return 0;
  static const ww::FakeClock clock;
  // Fresh limiters per input, so that every input behaves the same on replay.
  ww::SecurityLayer layer = ww::MakeSecurityLayer(MakeSecurityOptions(), clock);
  const ww::Pipeline pipeline([](const ww::HttpRequest& r) { return router.Handle(r); },
                              std::move(layer.middleware), std::move(layer.filters));
  ww::HttpResponse response = pipeline.Handle(*converted);
  for (int i = 0; i < 3; ++i) response = pipeline.Handle(*converted);  // reach the limiters
  wire << ww::ToBeastResponse(std::move(response), request.version(), request.keep_alive(),
                              converted->method == "HEAD");
  return 0;
}
