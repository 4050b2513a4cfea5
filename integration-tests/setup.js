const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

// Each suite boots its own Medusa; models registered by an earlier suite must not leak in.
MetadataStorage.clear()
