package io.weatherforecast.advertisement;

import io.weatherforecast.mesh.ServiceIdentity;

public record AdResponse(Ad ad, ServiceIdentity servedBy) {
}
