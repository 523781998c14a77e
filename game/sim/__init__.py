"""The session simulation: pacer, breath tracking, scoring. Pure: no pygame, no devices, no clocks."""
