// The HTTP prober over TLS, against a server on 127.0.0.1:0 with a throwaway
// self-signed certificate made in the test (nothing read from disk).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/ssl/impl/src.hpp>  // Asio's SSL part is compiled here, for tests only
#include <boost/asio/write.hpp>

#include "interface_test_util.h"
#include "probe/http_prober.h"

namespace ww {
namespace {

using boost::asio::ip::tcp;
namespace ssl = boost::asio::ssl;

// A P-256 key and a one-day self-signed certificate for CN=127.0.0.1.
struct SelfSigned {
  SelfSigned() {
    key.reset(EVP_EC_gen("P-256"));
    cert.reset(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_sign(cert.get(), key.get(), EVP_sha256());
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, &EVP_PKEY_free};
  std::unique_ptr<X509, decltype(&X509_free)> cert{nullptr, &X509_free};
};

// Answers every TLS connection with "200 OK" after the handshake.
class TinyHttpsServer {
 public:
  explicit TinyHttpsServer(boost::asio::io_context& io)
      : context_(ssl::context::tls_server),
        acceptor_(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    SSL_CTX_use_certificate(context_.native_handle(), identity_.cert.get());
    SSL_CTX_use_PrivateKey(context_.native_handle(), identity_.key.get());
    Accept();
  }
  std::string Url() const {
    return "https://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/";
  }
  int handshakes() const { return handshakes_; }

 private:
  struct Session {
    Session(tcp::socket s, ssl::context& c) : stream(std::move(s), c) {}
    ssl::stream<tcp::socket> stream;
    std::array<char, 4096> buffer;
  };

  void Accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) return;
      auto session = std::make_shared<Session>(std::move(socket), context_);
      session->stream.async_handshake(ssl::stream_base::server,
                                      [this, session](const boost::system::error_code& ec) {
                                        if (ec) return;
                                        ++handshakes_;
                                        Serve(session);
                                      });
      Accept();
    });
  }

  void Serve(const std::shared_ptr<Session>& session) {
    session->stream.async_read_some(
        boost::asio::buffer(session->buffer),
        [session](const boost::system::error_code& ec, std::size_t) {
          if (ec) return;
          static const std::string kReply =
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
          boost::asio::async_write(session->stream, boost::asio::buffer(kReply),
                                   [session](const boost::system::error_code&, std::size_t) {});
        });
  }

  SelfSigned identity_;
  ssl::context context_;
  tcp::acceptor acceptor_;
  int handshakes_ = 0;
};

class HttpProberTlsTest : public ::testing::Test {
 protected:
  HttpProbeResult Probe(HttpProber& prober) {
    spec_.url = server_.Url();
    ProbeRequest request;
    request.spec = &spec_;
    request.timeout = std::chrono::seconds(5);
    std::optional<HttpProbeResult> result;
    prober.StartDetailed(request, [&](const HttpProbeResult& r) { result = r; });
    EXPECT_TRUE(testing::RunUntil(io_, [&] { return result.has_value(); }));
    return result.value_or(HttpProbeResult{});
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  TinyHttpsServer server_{io_};
  TargetSpec spec_;
};

TEST_F(HttpProberTlsTest, HandshakeTimeIsItsOwnPhase) {
  HttpProberOptions options;
  options.verify_tls = false;
  HttpProber prober(io_, clock_, options);
  const auto r = Probe(prober);
  EXPECT_TRUE(r.sample.ok) << r.detail;
  EXPECT_EQ(r.sample.code, 200);
  EXPECT_EQ(r.body_head, "ok");
  EXPECT_GT(r.timings.tls_ms, 0.0);
  EXPECT_LE(r.timings.connect_ms + r.timings.tls_ms, r.timings.total_ms + 0.001);
  EXPECT_EQ(server_.handshakes(), 1);
}

TEST_F(HttpProberTlsTest, UntrustedCertificateIsTlsError) {
  HttpProber prober(io_, clock_);  // verifies by default
  const auto r = Probe(prober);
  EXPECT_FALSE(r.sample.ok);
  EXPECT_EQ(r.sample.error, ProbeError::kTlsError) << r.detail;
  EXPECT_FALSE(r.detail.empty());
}

}  // namespace
}  // namespace ww
