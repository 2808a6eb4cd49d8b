// SquallEngine: placeholder until its first file lands.
