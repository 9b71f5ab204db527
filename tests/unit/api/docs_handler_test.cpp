// /docs, /docs/docs.css and /openapi.json: the embedded files are docs/api/
// byte for byte, caching and the page's CSP, and every path the OpenAPI
// document describes (each method of it) is a route of the real route table.

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "api/docs_assets.h"
#include "api/handlers.h"
#include "api/routes.h"
#include "api_test_util.h"
#include "http/pipeline.h"

namespace ww::test_api {
namespace {

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class DocsTest : public ApiTest {
 protected:
  void SetUp() override { RegisterApiRoutes(router_, Context()); }
  HttpResponse Call(std::string path, std::map<std::string, std::string> headers = {}) {
    HttpRequest r = Get(std::move(path));
    r.headers = std::move(headers);
    return router_.Handle(r);
  }
  nlohmann::json OpenApi() { return nlohmann::json::parse(Call("/openapi.json").body); }
  Router router_;
};

TEST_F(DocsTest, EmbeddedFilesAreTheSourcesByteForByte) {
  const std::filesystem::path dir = WW_DOCS_API_DIR;
  std::set<std::string> embedded;
  for (const WebAsset& asset : DocsAssets()) {
    embedded.insert(std::string(asset.name));
    EXPECT_EQ(asset.body, ReadFile(dir / asset.name)) << asset.name;
    EXPECT_EQ(FindDocsAsset(asset.name), &asset);
    EXPECT_TRUE(asset.etag.starts_with('"') && asset.etag.ends_with('"')) << asset.etag;
    EXPECT_FALSE(asset.immutable);
  }
  EXPECT_EQ(embedded, (std::set<std::string>{"docs.css", "docs.html", "openapi.json"}));
  EXPECT_EQ(FindDocsAsset("index.html"), nullptr);
}

TEST_F(DocsTest, EachFileWithItsTypeRevalidatedEveryTime) {
  const std::pair<const char*, const char*> files[] = {
      {"/docs", "text/html; charset=utf-8"},
      {"/docs/docs.css", "text/css; charset=utf-8"},
      {"/openapi.json", "application/json"},
  };
  for (const auto& [path, type] : files) {
    const HttpResponse r = Call(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, type) << path;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
    EXPECT_TRUE(HeaderOf(r, "ETag").has_value()) << path;
    EXPECT_FALSE(r.body.empty()) << path;
  }
  EXPECT_EQ(Call("/docs/").status, 404);
  EXPECT_EQ(Call("/docs/other.css").status, 404);
}

TEST_F(DocsTest, PageAllowsNoScriptAndThePipelineKeepsItsPolicy) {
  const HttpResponse direct = HandleDocs(Context(), Get("/docs"));
  const std::optional<std::string> csp = HeaderOf(direct, "Content-Security-Policy");
  ASSERT_TRUE(csp.has_value());
  EXPECT_NE(csp->find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(csp->find("script-src"), std::string::npos) << *csp;
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos) << *csp;
  EXPECT_EQ(direct.body.find("<script"), std::string::npos);
  EXPECT_EQ(direct.body.find("<style"), std::string::npos);
  EXPECT_EQ(direct.body.find(" style="), std::string::npos);

  const Pipeline pipeline([this](const HttpRequest& r) { return router_.Handle(r); });
  const HttpResponse served = pipeline.Handle(Get("/docs"));
  EXPECT_EQ(HeaderOf(served, "Content-Security-Policy"), csp);
  EXPECT_EQ(HeaderOf(served, "X-Frame-Options"), "DENY");
  // Only HTML gets a CSP.
  EXPECT_FALSE(HeaderOf(HandleOpenApi(Context(), Get("/openapi.json")), "Content-Security-Policy"));
}

TEST_F(DocsTest, MatchingETagGives304WithoutBody) {
  for (const char* path : {"/docs", "/docs/docs.css", "/openapi.json"}) {
    const std::string etag = *HeaderOf(Call(path), "ETag");
    for (const std::string& header :
         {etag, "W/" + etag, "\"other\", " + etag, " \"x\" ,W/" + etag + " ", std::string("*")}) {
      const HttpResponse r = Call(path, {{"if-none-match", header}});
      EXPECT_EQ(r.status, 304) << path << " " << header;
      EXPECT_TRUE(r.body.empty()) << path;
      EXPECT_EQ(HeaderOf(r, "ETag"), etag) << path;
    }
    for (const std::string& header :
         {std::string("\"other\""), std::string(""), etag.substr(1, etag.size() - 2)}) {
      EXPECT_EQ(Call(path, {{"if-none-match", header}}).status, 200) << path << " " << header;
    }
  }
}

TEST_F(DocsTest, OpenApiIs31AndEveryDescribedOperationIsRouted) {
  const nlohmann::json doc = OpenApi();
  EXPECT_TRUE(doc["openapi"].get<std::string>().starts_with("3.1.")) << doc["openapi"];
  ASSERT_TRUE(doc["paths"].is_object());
  EXPECT_GE(doc["paths"].size(), 17u);
  const std::regex templated(R"(\{[a-z]+\})");
  for (const auto& [path, item] : doc["paths"].items()) {
    // A template stands for a file name: "/logs/{file}" → "/logs/x.csv".
    const std::string concrete = std::regex_replace(path, templated, "x.csv");
    const std::vector<std::string> allowed = router_.AllowedMethods(concrete);
    const std::vector<std::string> v1 = path.starts_with("/api/")
                                            ? router_.AllowedMethods("/api/v1/" + path.substr(5))
                                            : std::vector<std::string>{};
    EXPECT_FALSE(item.empty()) << path;
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_NE(std::find(allowed.begin(), allowed.end(), upper), allowed.end())
          << upper << " " << path << " is described but not routed";
      if (path.starts_with("/api/")) {
        EXPECT_NE(std::find(v1.begin(), v1.end(), upper), v1.end())
            << upper << " " << path << " under /api/v1/";
      }
    }
  }
}

TEST_F(DocsTest, PageNamesEveryDescribedPath) {
  const std::string html = Call("/docs").body;
  const nlohmann::json doc = OpenApi();
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_NE(html.find("<code>" + upper + " " + path + "</code>"), std::string::npos)
          << upper << " " << path;
    }
  }
}

}  // namespace
}  // namespace ww::test_api
