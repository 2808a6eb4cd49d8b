// SquallStore: placeholder until its first file lands.
