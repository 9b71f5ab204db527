// Bytes → Beast's request parser (with the server's limits) → ww::HttpRequest
// → router and query validation → Beast response → wire bytes. In memory, no
// sockets, like Beast 1.74's test/fuzz/http_request.cpp, plus our conversion.
#include <cstdint>
#include <sstream>
#include <string_view>

#include <boost/beast/http/write.hpp>

#include "http/beast_message.h"
#include "http/pipeline.h"
#include "http/query_params.h"
#include "http/router.h"

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
  auto converted = ww::ToHttpRequest(request, "::ffff:192.0.2.1");
  if (!converted.ok()) return 0;
  const ww::Pipeline pipeline([](const ww::HttpRequest& r) { return router.Handle(r); });
  ww::HttpResponse response = pipeline.Handle(*converted);
  std::ostringstream wire;
  wire << ww::ToBeastResponse(std::move(response), request.version(), request.keep_alive(),
                              converted->method == "HEAD");
  return 0;
}
