// SquallPacks: placeholder until its first file lands.
