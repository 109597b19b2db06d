#include "zx/schema.hpp"

#include <array>

namespace zx::schema {

namespace {
// Never edit a migration that has shipped: add a new one.
constexpr std::array kMigrations{
    Migration{1, R"sql(
CREATE TABLE base (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  category  TEXT NOT NULL CHECK (category IN ('nature','history','red','science','labor','defense','arts')),
  level     TEXT NOT NULL CHECK (level IN ('national','provincial','municipal')),
  city      TEXT NOT NULL DEFAULT '',
  district  TEXT NOT NULL DEFAULT '',
  address   TEXT NOT NULL DEFAULT '',
  lat       REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon       REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  demo      INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1))
) STRICT;
CREATE INDEX base_city ON base(city);
)sql"},
};
}  // namespace

std::span<const Migration> migrations() { return kMigrations; }
int latest_version() { return kMigrations.back().version; }

}  // namespace zx::schema
