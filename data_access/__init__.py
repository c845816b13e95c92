"""The only code that speaks SQL: models, migrations, writes, and queries returning DataFrames."""
