mod due;
mod measures;
mod model;
mod rules;
