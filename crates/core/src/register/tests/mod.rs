mod due;
mod figures;
mod measures;
mod model;
mod rules;
