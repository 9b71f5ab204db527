#include "http/beast_message.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>

namespace ww {
namespace {

namespace http = boost::beast::http;

struct Parsed {
  boost::beast::error_code ec;
  BeastRequestParser parser;
};

std::unique_ptr<Parsed> Parse(std::string_view bytes, RequestLimits limits = {}) {
  auto p = std::make_unique<Parsed>();
  ApplyLimits(p->parser, limits);
  p->ec = ParseInMemory(p->parser, bytes);
  return p;
}

int StatusFor(const boost::beast::error_code& ec) {
  auto r = ResponseForReadError(ec);
  return r ? r->status : 0;
}

std::string Chunked(std::size_t chunks, std::size_t chunk_size) {
  std::string out = "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk_size);
  for (std::size_t i = 0; i < chunks; ++i) out += size_line + std::string(chunk_size, 'a') + "\r\n";
  return out + "0\r\n\r\n";
}

std::string Serialize(const BeastResponse& r) {
  std::ostringstream out;
  out << r;
  return out.str();
}

TEST(BeastMessageTest, ConvertsARequest) {
  auto p = Parse(
      "GET /api/hi%20story?minutes=60&name=a+b HTTP/1.1\r\nHost: h\r\nX-Api-Key: k\r\n"
      "Accept: a\r\naccept: b\r\n\r\n");
  ASSERT_FALSE(p->ec) << p->ec.message();
  auto r = ToHttpRequest(p->parser.get(), "::ffff:192.0.2.1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/api/hi%20story?minutes=60&name=a+b");
  EXPECT_EQ(r->path, "/api/hi story");
  EXPECT_EQ(r->Query("minutes"), "60");
  EXPECT_EQ(r->Query("name"), "a b");
  EXPECT_EQ(r->Header("x-api-key"), "k");
  EXPECT_EQ(r->Header("accept"), "a, b");
  EXPECT_EQ(r->peer, "192.0.2.1");
}

TEST(BeastMessageTest, KeepsBodyAndUnknownMethods) {
  auto p = Parse("PURGE /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_FALSE(p->ec) << p->ec.message();
  auto r = ToHttpRequest(p->parser.get(), "127.0.0.1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "PURGE");
  EXPECT_EQ(r->body, "hello");
}

TEST(BeastMessageTest, BadTargetIsAConversionError) {
  auto p = Parse("GET /a%00b HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_FALSE(p->ec);
  auto r = ToHttpRequest(p->parser.get(), "127.0.0.1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "invalid request target: path contains a NUL byte");
}

TEST(BeastMessageTest, BodyOverLimitIs413ForContentLengthAndChunked) {
  RequestLimits limits{1000, 16 << 10};
  auto declared = Parse("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n", limits);
  EXPECT_EQ(declared->ec, http::error::body_limit);
  EXPECT_EQ(StatusFor(declared->ec), 413);
  auto chunked = Parse(Chunked(11, 100), limits);
  EXPECT_EQ(chunked->ec, http::error::body_limit);
  EXPECT_EQ(StatusFor(chunked->ec), 413);
  EXPECT_EQ(nlohmann::json::parse(ResponseForReadError(chunked->ec)->body)["detail"],
            "request body too large");
  auto fits = Parse(Chunked(10, 100), limits);
  ASSERT_FALSE(fits->ec) << fits->ec.message();
  EXPECT_EQ(fits->parser.get().body(), std::string(1000, 'a'));
}

TEST(BeastMessageTest, HugeHeadersAre431) {
  const std::string big =
      "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n";
  auto p = Parse(big);
  EXPECT_EQ(p->ec, http::error::header_limit);
  EXPECT_EQ(StatusFor(p->ec), 431);
  auto long_target = Parse("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(StatusFor(long_target->ec), 431);
}

TEST(BeastMessageTest, MalformedIs400NamingTheProblem) {
  auto p = Parse("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n");
  ASSERT_TRUE(p->ec);
  auto r = ResponseForReadError(p->ec);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(nlohmann::json::parse(r->body)["detail"], "malformed request: " + p->ec.message());
  EXPECT_EQ(StatusFor(Parse("GET / HTTP/9.9\r\n\r\n")->ec), 400);
  EXPECT_EQ(StatusFor(Parse("G\x01T / HTTP/1.1\r\n\r\n")->ec), 400);
}

// Request smuggling: a message whose length could be read two ways is refused.
TEST(BeastMessageTest, AmbiguousLengthIs400) {
  EXPECT_EQ(StatusFor(Parse("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
                            "Content-Length: 4\r\n\r\nabcd")
                          ->ec),
            400);
  EXPECT_EQ(StatusFor(Parse("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                          ->ec),
            400);
}

// Framing Beast 1.74 accepts but RFC 9112 forbids: checked by CheckRequestHeader.
std::optional<std::string> HeaderProblem(std::string_view bytes) {
  auto p = Parse(bytes);
  EXPECT_FALSE(p->ec) << p->ec.message();
  auto r = CheckRequestHeader(p->parser);
  if (!r) return std::nullopt;
  EXPECT_EQ(r->status, 400);
  return nlohmann::json::parse(r->body)["detail"].get<std::string>();
}

TEST(BeastMessageTest, FramingBeastAcceptsButRfc9112Forbids) {
  EXPECT_EQ(HeaderProblem("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
            "malformed request: Transfer-Encoding must end in chunked");
  EXPECT_EQ(HeaderProblem("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n"),
            "malformed request: Transfer-Encoding must end in chunked");
  EXPECT_EQ(HeaderProblem("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            "malformed request: Transfer-Encoding in HTTP/1.0");
  EXPECT_EQ(HeaderProblem("GET / HTTP/1.1\r\n\r\n"), "malformed request: missing Host header");
  EXPECT_EQ(HeaderProblem("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"),
            "malformed request: more than one Host header");
}

TEST(BeastMessageTest, AcceptableHeadersPassTheFramingCheck) {
  EXPECT_EQ(HeaderProblem("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), std::nullopt);
  EXPECT_EQ(HeaderProblem("GET / HTTP/1.0\r\n\r\n"), std::nullopt);
  EXPECT_EQ(HeaderProblem("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n"
                          "\r\n0\r\n\r\n"),
            std::nullopt);
  EXPECT_EQ(HeaderProblem("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx"),
            std::nullopt);
}

TEST(BeastMessageTest, NoAnswerWhenTheClientIsGone) {
  EXPECT_EQ(Parse("")->ec, http::error::end_of_stream);
  EXPECT_EQ(StatusFor(Parse("")->ec), 0);
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nHo")->ec, http::error::partial_message);
  EXPECT_EQ(StatusFor(Parse("GET / HTTP/1.1\r\nHo")->ec), 0);
  EXPECT_EQ(StatusFor(boost::asio::error::connection_reset), 0);
  EXPECT_EQ(StatusFor(boost::beast::error::timeout), 0);
  EXPECT_EQ(StatusFor(boost::asio::error::eof), 0);
}

TEST(BeastMessageTest, ResponseCarriesStatusTypeAndHeaders) {
  HttpResponse r = HttpResponse::Json(404, R"({"detail":"x"})");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  const std::string wire = Serialize(ToBeastResponse(r, 11, true, false));
  EXPECT_EQ(wire.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << wire;
  EXPECT_NE(wire.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(wire.find("X-Frame-Options: DENY\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Content-Length: 14\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Server: wanwatch\r\n"), std::string::npos);
  EXPECT_EQ(wire.find("Connection"), std::string::npos);  // HTTP/1.1 keep-alive is the default
  EXPECT_TRUE(wire.ends_with("\r\n\r\n{\"detail\":\"x\"}"));
  const std::string closing = Serialize(ToBeastResponse(r, 11, false, false));
  EXPECT_NE(closing.find("Connection: close\r\n"), std::string::npos);
}

TEST(BeastMessageTest, HeadKeepsLengthWithoutBody) {
  const std::string wire =
      Serialize(ToBeastResponse(HttpResponse::Json(200, "0123456789"), 11, true, true));
  EXPECT_NE(wire.find("Content-Length: 10\r\n"), std::string::npos) << wire;
  EXPECT_TRUE(wire.ends_with("\r\n\r\n")) << wire;
}

TEST(BeastMessageTest, UnsafeHeadersAreDroppedAndBadStatusIs500) {
  HttpResponse r = HttpResponse::Json(200, "{}");
  r.headers.emplace_back("X-Evil", "a\r\nSet-Cookie: x=1");
  r.headers.emplace_back("Bad Name", "v");
  r.headers.emplace_back("Content-Length", "999");
  r.headers.emplace_back("Transfer-Encoding", "chunked");
  r.headers.emplace_back("X-Fine", "ok");
  const std::string wire = Serialize(ToBeastResponse(r, 11, true, false));
  EXPECT_EQ(wire.find("Set-Cookie"), std::string::npos) << wire;
  EXPECT_EQ(wire.find("Bad Name"), std::string::npos);
  EXPECT_EQ(wire.find("999"), std::string::npos);
  EXPECT_EQ(wire.find("chunked"), std::string::npos);
  EXPECT_NE(wire.find("X-Fine: ok\r\n"), std::string::npos);
  for (int status : {0, 99, 100, 199, 600, -5}) {
    HttpResponse bad = HttpResponse::Json(status, "{}");
    EXPECT_EQ(ToBeastResponse(bad, 11, true, false).result_int(), 500u) << status;
  }
}

TEST(BeastMessageTest, NoContentHasNoBody) {
  HttpResponse r = HttpResponse::Json(204, "ignored");
  const std::string wire = Serialize(ToBeastResponse(r, 11, true, false));
  EXPECT_EQ(wire.rfind("HTTP/1.1 204", 0), 0u);
  EXPECT_EQ(wire.find("ignored"), std::string::npos);
  EXPECT_EQ(wire.find("Content-Type"), std::string::npos);
}

}  // namespace
}  // namespace ww
