// SquallTemplates: placeholder until its first file lands.
