#pragma once
// Shared set-up for handler tests: a fake clock, a fake store, a hand-built
// snapshot and helpers to call a handler and parse its JSON.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "fake_store.h"

namespace ww::test_api {

enum class Kind {
  kInt,
  kNumber,
  kString,
  kBool,
  kNull,
  kObject,
  kArray,
  kNumberOrNull,
  kStringOrNull,
  kObjectOrNull
};

inline bool Matches(const nlohmann::json& v, Kind k) {
  switch (k) {
    case Kind::kInt:
      return v.is_number_integer();
    case Kind::kNumber:
      return v.is_number();
    case Kind::kString:
      return v.is_string();
    case Kind::kBool:
      return v.is_boolean();
    case Kind::kNull:
      return v.is_null();
    case Kind::kObject:
      return v.is_object();
    case Kind::kArray:
      return v.is_array();
    case Kind::kNumberOrNull:
      return v.is_number() || v.is_null();
    case Kind::kStringOrNull:
      return v.is_string() || v.is_null();
    case Kind::kObjectOrNull:
      return v.is_object() || v.is_null();
  }
  return false;
}

// Every field present with the given JSON type.
inline void ExpectFields(const nlohmann::json& obj,
                         std::initializer_list<std::pair<const char*, Kind>> fields) {
  ASSERT_TRUE(obj.is_object()) << obj.dump();
  for (const auto& [name, kind] : fields) {
    ASSERT_TRUE(obj.contains(name)) << "missing field " << name << " in " << obj.dump();
    EXPECT_TRUE(Matches(obj[name], kind)) << name << " has the wrong type: " << obj[name].dump();
  }
}

using QueryList = std::vector<std::pair<std::string, std::string>>;

inline HttpRequest Get(std::string path, const QueryList& query = {}) {
  HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.target = r.path;
  for (const auto& [k, v] : query) r.query.emplace(k, v);
  return r;
}

inline nlohmann::json Body(const HttpResponse& r) {
  EXPECT_EQ(r.content_type, "application/json");
  return nlohmann::json::parse(r.body);
}

class ApiTest : public ::testing::Test {
 protected:
  // Wall time 2027-01-15T08:00:00Z.
  ApiTest() : clock_(WallTime{std::chrono::seconds{1'800'000'000}}) {}

  ApiContext Context() {
    return ApiContext{[this] { return snapshot_; }, store_, clock_, timezone_};
  }

  FakeClock clock_;
  FakeStore store_;
  std::shared_ptr<Snapshot> snapshot_;
  std::string timezone_ = "UTC";
};

}  // namespace ww::test_api
