// SquallRules: placeholder until its first file lands.
