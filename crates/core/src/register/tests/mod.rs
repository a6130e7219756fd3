mod due;
mod model;
mod rules;
