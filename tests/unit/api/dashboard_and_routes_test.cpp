#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "api/handlers.h"
#include "api/routes.h"
#include "api_test_util.h"
#include "http/pipeline.h"
#include "web_assets/web_assets.h"

namespace ww::test_api {
namespace {

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string Gunzip(const std::string& bytes) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END) << "not a complete gzip stream";
  inflateEnd(&z);
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The names index.html refers to as src="assets/<name>" or href="assets/<name>".
std::vector<std::string> ReferencedAssets(const std::string& html) {
  std::vector<std::string> names;
  for (const std::string_view attribute : {"src=\"assets/", "href=\"assets/"}) {
    for (std::size_t at = html.find(attribute); at != std::string::npos;
         at = html.find(attribute, at + 1)) {
      const std::size_t start = at + attribute.size();
      names.push_back(html.substr(start, html.find('"', start) - start));
    }
  }
  return names;
}

// "app-5XKQ2M7B.js": a lower-case stem, '-', 8 upper-case letters or digits, an extension.
bool IsHashedName(std::string_view name) {
  const std::size_t dash = name.find('-'), dot = name.rfind('.');
  if (dash == std::string_view::npos || dot != dash + 9) return false;
  const auto all = [](std::string_view s, auto pred) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return pred(c); });
  };
  return all(name.substr(0, dash), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         all(name.substr(dash + 1, 8),
             [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }) &&
         all(name.substr(dot + 1), [](char c) { return c >= 'a' && c <= 'z'; });
}

// An attribute like onclick= or onload= anywhere in the markup.
bool HasInlineHandler(const std::string& html) {
  for (std::size_t at = html.find(" on"); at != std::string::npos; at = html.find(" on", at + 1)) {
    std::size_t end = at + 3;
    while (end < html.size() && html[end] >= 'a' && html[end] <= 'z') ++end;
    if (end > at + 3 && end < html.size() && html[end] == '=') return true;
  }
  return false;
}

class RoutesTest : public ApiTest {
 protected:
  void SetUp() override { RegisterApiRoutes(router_, Context()); }
  HttpResponse Call(std::string method, std::string path,
                    std::map<std::string, std::string> headers = {}) {
    HttpRequest r = Get(std::move(path));
    r.method = std::move(method);
    r.headers = std::move(headers);
    return router_.Handle(r);
  }
  std::string IndexHtml() { return Call("GET", "/").body; }
  std::string Referenced(std::string_view extension) {
    for (const std::string& name : ReferencedAssets(IndexHtml())) {
      if (name.ends_with(extension)) return name;
    }
    ADD_FAILURE() << "index.html refers to no " << extension;
    return "";
  }
  Router router_;
};

TEST_F(RoutesTest, DashboardIsIndexHtmlRevalidatedEveryTime) {
  const HttpResponse r = Call("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
  EXPECT_TRUE(HeaderOf(r, "ETag").has_value());
  EXPECT_NE(r.body.find("<title>wanwatch</title>"), std::string::npos);
  EXPECT_EQ(r.body, Call("GET", "/dashboard").body);
  EXPECT_EQ(HandleDashboard(Context(), Get("/")).body, r.body);
}

TEST_F(RoutesTest, IndexReferencesHashedScriptStyleAndIconThatAreServedForever) {
  const std::vector<std::string> names = ReferencedAssets(IndexHtml());
  std::set<std::string> extensions;
  for (const std::string& name : names) {
    EXPECT_TRUE(IsHashedName(name)) << name;
    extensions.insert(std::filesystem::path(name).extension());
    const HttpResponse r = Call("GET", "/assets/" + name);
    EXPECT_EQ(r.status, 200) << name;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "public, max-age=31536000, immutable") << name;
    EXPECT_FALSE(r.body.empty()) << name;
  }
  EXPECT_EQ(extensions, (std::set<std::string>{".css", ".js", ".svg"}));
  for (const WebAsset& asset : WebAssets()) {
    if (asset.name == "index.html") continue;
    const std::string ext = std::filesystem::path(asset.name).extension();
    const std::string expected = ext == ".js"    ? "text/javascript; charset=utf-8"
                                 : ext == ".css" ? "text/css; charset=utf-8"
                                                 : "image/svg+xml";
    EXPECT_EQ(Call("GET", "/assets/" + std::string(asset.name)).content_type, expected);
  }
}

TEST_F(RoutesTest, IndexHasNothingInlineForTheStrictCsp) {
  const std::string html = IndexHtml();
  int scripts = 0;
  for (std::size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    ++scripts;
    const std::string tag = html.substr(at, html.find('>', at) - at);
    EXPECT_NE(tag.find(" src=\"assets/"), std::string::npos) << "inline script: " << tag;
  }
  EXPECT_EQ(scripts, 1);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_FALSE(HasInlineHandler(html));
  EXPECT_EQ(html.find("http://"), std::string::npos) << "no CDN";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "no CDN";
}

TEST_F(RoutesTest, EmbeddedFilesAreTheBuiltFilesByteForByte) {
  const std::filesystem::path dist = WW_WEB_DIST_DIR;
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(dist)) {
    on_disk.insert(entry.path().filename());
  }
  std::set<std::string> embedded;
  for (const WebAsset& asset : WebAssets()) {
    embedded.insert(std::string(asset.name));
    EXPECT_EQ(asset.body, ReadFile(dist / asset.name)) << asset.name;
    if (!asset.gzip_body.empty()) {
      EXPECT_LT(asset.gzip_body.size(), asset.body.size()) << asset.name;
      EXPECT_EQ(Gunzip(std::string(asset.gzip_body)), asset.body) << asset.name;
    }
    EXPECT_EQ(FindWebAsset(asset.name), &asset);
  }
  EXPECT_EQ(embedded, on_disk);
  EXPECT_EQ(FindWebAsset("missing.js"), nullptr);
  EXPECT_EQ(FindWebAsset(""), nullptr);
}

TEST_F(RoutesTest, GzipOnlyWhenTheClientAcceptsIt) {
  const std::string js = Referenced(".js");
  const std::string plain = Call("GET", "/assets/" + js).body;
  struct Case {
    const char* accept;
    bool gzip;
  };
  for (const Case c :
       {Case{"gzip, deflate, br", true}, Case{"GZIP", true}, Case{"*", true},
        Case{"deflate, gzip;q=0.5", true}, Case{"gzip;q=0", false}, Case{"gzip; q=0.000", false},
        Case{"*, gzip;q=0", false}, Case{"br", false}, Case{"", false}, Case{"identity", false}}) {
    const HttpResponse r = Call("GET", "/assets/" + js, {{"accept-encoding", c.accept}});
    EXPECT_EQ(r.status, 200) << c.accept;
    EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding") << c.accept;
    EXPECT_EQ(HeaderOf(r, "Content-Encoding").has_value(), c.gzip) << c.accept;
    EXPECT_EQ(c.gzip ? Gunzip(r.body) : r.body, plain) << c.accept;
  }
  const HttpResponse no_header = Call("GET", "/assets/" + js);
  EXPECT_FALSE(HeaderOf(no_header, "Content-Encoding").has_value());
}

TEST_F(RoutesTest, MatchingETagGives304WithoutBody) {
  for (const char* encoding : {"identity", "gzip"}) {
    const HttpResponse first = Call("GET", "/", {{"accept-encoding", encoding}});
    const std::string etag = HeaderOf(first, "ETag").value_or("");
    ASSERT_FALSE(etag.empty());
    for (const std::string& tag : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
      const HttpResponse again =
          Call("GET", "/", {{"accept-encoding", encoding}, {"if-none-match", tag}});
      EXPECT_EQ(again.status, 304) << encoding << " " << tag;
      EXPECT_TRUE(again.body.empty());
      EXPECT_EQ(HeaderOf(again, "ETag"), etag);
    }
    EXPECT_EQ(Call("GET", "/", {{"accept-encoding", encoding}, {"if-none-match", "\"x\""}}).status,
              200);
  }
  // The gzip representation has its own validator.
  EXPECT_NE(HeaderOf(Call("GET", "/"), "ETag"),
            HeaderOf(Call("GET", "/", {{"accept-encoding", "gzip"}}), "ETag"));
}

TEST_F(RoutesTest, UnknownAssetIs404Json) {
  for (const char* path : {"/assets/nope.js", "/assets/", "/assets/index.html",
                           "/assets/../index.html", "/assets/app.js/x"}) {
    const HttpResponse r = Call("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(Body(r)["detail"], std::string("Not Found: ") + path);
  }
  const std::string css = Referenced(".css");
  EXPECT_EQ(Call("HEAD", "/assets/" + css).status, 200);
  EXPECT_EQ(Call("POST", "/assets/" + css).status, 405);
}

TEST_F(RoutesTest, EveryEndpointUnderBothPrefixes) {
  for (const char* name : {"status", "history", "drops", "targets", "heatmap"}) {
    for (const char* prefix : {"/api/", "/api/v1/"}) {
      const std::string path = std::string(prefix) + name;
      const HttpResponse r = Call("GET", path);
      EXPECT_EQ(r.status, 200) << path;
      EXPECT_EQ(r.content_type, "application/json") << path;
      EXPECT_TRUE(nlohmann::json::accept(r.body)) << path;
      EXPECT_EQ(Call("HEAD", path).status, 200) << path;
      const HttpResponse post = Call("POST", path);
      EXPECT_EQ(post.status, 405) << path;
    }
  }
  EXPECT_EQ(Call("GET", "/api/nothing").status, 404);
}

TEST_F(RoutesTest, ThroughThePipelineTheDashboardGetsACspAndAssetsTheSecurityHeaders) {
  Pipeline pipeline([this](const HttpRequest& r) { return router_.Handle(r); });
  const HttpResponse page = pipeline.Handle(Get("/dashboard"));
  EXPECT_EQ(HeaderOf(page, "Content-Security-Policy"), std::string(kHtmlContentSecurityPolicy));
  const HttpResponse script = pipeline.Handle(Get("/assets/" + Referenced(".js")));
  EXPECT_EQ(HeaderOf(script, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(script, "Cross-Origin-Resource-Policy"), "same-origin");
}

TEST_F(RoutesTest, BadQueryThroughTheRouterIs400) {
  HttpRequest r = Get("/api/v1/history", {{"minutes", "0"}});
  EXPECT_EQ(router_.Handle(r).status, 400);
}

}  // namespace
}  // namespace ww::test_api
