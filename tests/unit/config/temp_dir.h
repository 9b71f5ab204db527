#pragma once
// The config tests' temporary directory: the shared one, under its old name.

#include "../common/temp_dir.h"

namespace ww {

class TempDir : public unit_test::TempDir {
 public:
  TempDir() : unit_test::TempDir("ww-config") {}
};

}  // namespace ww
